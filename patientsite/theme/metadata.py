"""Machine-readable facts about a page: schema.org JSON-LD, and the security headers of the site.

Python owns this data; the templates only serialise it, so that what the page shows and
what it tells search engines come from the same fields.
"""

from __future__ import annotations

from typing import Any

from patientsite.markup.convert import PageContent
from patientsite.structure.bibliography.latex import plain_text
from patientsite.structure.config import SiteConfig

# A strict policy: nothing from other origins, no inline script or style. Search runs
# Pagefind's WebAssembly, which needs 'wasm-unsafe-eval' (it allows no JavaScript eval).
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                           "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'")

# For hosts that read a headers file. frame-ancestors works only as a header, not in <meta>.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY + "; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "X-Content-Type-Options": "nosniff",
}

# Folders whose files are named by a digest of their content (static/ by the build, Pagefind's
# index by Pagefind), so that a browser may keep them for a year without asking again.
IMMUTABLE_FOLDERS = ("static/", "pagefind/fragment/", "pagefind/index/")
IMMUTABLE = "public, max-age=31536000, immutable"


def medical_web_page(content: PageContent, config: SiteConfig, canonical: str | None,
                     language: str = "") -> dict[str, Any]:
    """A schema.org MedicalWebPage for one page, built from the same fields the page shows;
    ``language`` is that of its text (an untranslated page's is not its edition's)."""
    meta = content.page.meta
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": meta.title,
        "description": meta.description,
        "inLanguage": language or config.language,
        "lastReviewed": meta.last_reviewed.isoformat(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "MedicalOrganization", "name": config.clinic["name"]},
    }
    if canonical:
        data["url"] = canonical
    if meta.reviewed_by:
        data["reviewedBy"] = {"@type": "Person", "name": meta.reviewed_by}
    about = [{"@type": "MedicalCondition", "name": name} for name in meta.conditions]
    about += [{"@type": "Drug", "name": name} for name in meta.drugs]
    if about:
        data["about"] = about
    if content.sources:
        data["citation"] = [_citation(source.reference) for source in content.sources]
    return data


def _citation(reference) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "ScholarlyArticle" if reference.kind == "article" else "CreativeWork",
                            "name": plain_text(reference.title)}
    if reference.authors:
        work["author"] = [{"@type": "Organization" if p.is_organisation else "Person",
                           "name": p.family if p.is_organisation else f"{p.given} {p.family}".strip()}
                          for p in reference.authors if p.family != "others"]
    if reference.year[:4].isdigit():
        work["datePublished"] = reference.year[:4]
    if reference.journal:
        work["isPartOf"] = {"@type": "Periodical", "name": plain_text(reference.journal)}
    link = reference.doi_url or reference.url or reference.pubmed_url
    if link:
        work["url"] = link
    return work
