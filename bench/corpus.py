"""The benchmark corpus: a synthetic site of N pages, the same for a given N and seed, for this
generator and, converted, for Pelican, MkDocs and Hugo.

Each page has about 800 words in 6-8 sections, a table, lists, links to other pages and 5-10
citations; references.bib has N/5 entries. Like a real clinic's site, the menu lists the home
page and eight section pages; every other page is reached by links.

The second kind, "untidy", has pages of the same size written as a site that nobody has tidied:
no page sets ``in_nav``, sentences are long, a few say how often without a number ("most people",
"rare") and some give numbers without a citation. Its pages draw many more findings.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

WORDS = ("pain relief nerve study people dose infusion doctor treatment week month trial review evidence "
         "side effect clinic patient medicine blood pressure sleep mood body signal brain spinal cord").split()
IN_MENU = 9  # the home page and eight section pages


KINDS = ("tidy", "untidy")
VAGUE = ("most people", "many patients", "a rare effect", "it is common", "rarely")


def sentence(rng: random.Random, keys: list[str], kind: str = "tidy") -> str:
    if kind == "untidy":
        return untidy_sentence(rng, keys)
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    text = " ".join(words).capitalize()
    if keys and rng.random() < 0.12:
        cited = rng.sample(keys, rng.randint(1, 3))
        text += " [" + "; ".join("@" + k for k in cited) + "]"
    return text + "."


def untidy_sentence(rng: random.Random, keys: list[str]) -> str:
    """A long sentence, like a first draft's: sometimes vague about risk, sometimes a number with no source."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(20, 32))]
    draw = rng.random()
    if draw < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(VAGUE))
    elif draw < 0.25:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 40)} of {rng.randint(41, 90)} people")
    text = " ".join(words).capitalize()
    if keys and rng.random() < 0.12:
        text += " [" + "; ".join("@" + k for k in rng.sample(keys, rng.randint(1, 3))) + "]"
    return text + "."


def page_name(index: int) -> str:
    return "index" if index == 0 else f"p{index}"


def make_page(index: int, n_pages: int, keys: list[str], rng: random.Random,
              kind: str = "tidy") -> tuple[dict[str, object], str]:
    """The front matter and the Markdown body of one page."""
    cited = rng.sample(keys, min(len(keys), rng.randint(5, 10)))
    meta = {"title": f"Page {index}", "description": f"Synthetic page {index} for the benchmark.",
            "last_reviewed": "2026-01-01", "order": index, "in_nav": index < IN_MENU,
            "key_points": [f"A key point with a source [@{cited[0]}]."]}
    if kind == "untidy":
        del meta["in_nav"]
    per_paragraph = (5, 7) if kind == "tidy" else (2, 3)  # its sentences are about 2.3 times as long
    lines = []
    for section in range(rng.randint(6, 8)):
        lines += [f"## Section {section + 1}", ""]
        lines += [" ".join(sentence(rng, cited, kind) for _ in range(rng.randint(*per_paragraph))), ""]
        if section == 1:
            lines += ["| Study | People | Result |", "|---|---|---|"]
            lines += [f"| Trial {r} | {rng.randint(10, 200)} [@{rng.choice(cited)}] | {rng.choice(WORDS)} |"
                      for r in range(4)] + [""]
        if section == 2:
            lines += [f"- {sentence(rng, [], kind)}" for _ in range(4)] + [""]
        if section == 3:
            other = rng.randrange(n_pages)
            lines += [f"See [page {other}]({page_name(other)}.md#section-1) and [the home page](index.md).", ""]
    lines += [f"Sources used here [@{'; @'.join(cited)}].", ""]
    return meta, "\n".join(lines)


def make_corpus(n_pages: int, seed: int = 1, kind: str = "tidy") -> tuple[list[tuple[dict[str, object], str]], str]:
    """Every page's front matter and body, and references.bib."""
    rng = random.Random(seed)
    keys = [f"ref{i}" for i in range(max(10, n_pages // 5))]
    bib = "\n".join(f"@article{{{k},\n  author = {{Author, A. and Other, B.}},\n  title = {{Study {k}}},\n"
                    f"  journal = {{Journal}},\n  year = {{20{rng.randint(10, 25)}}},\n  volume = {{{rng.randint(1, 99)}}},\n"
                    f"  pages = {{1--10}},\n  evidence = {{randomized trial}}\n}}\n" for k in keys)
    return [make_page(index, n_pages, keys, rng, kind) for index in range(n_pages)], bib


def _yaml(meta: dict[str, object]) -> str:
    lines = []
    for name, value in meta.items():
        if isinstance(value, list):
            lines += [f"{name}:"] + [f'  - "{item}"' for item in value]
        elif isinstance(value, bool):
            lines.append(f"{name}: {'true' if value else 'false'}")
        else:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def write_site(root: Path, n_pages: int, seed: int = 1, languages: int = 1, kind: str = "tidy") -> None:
    """The corpus as a site for this generator. With ``languages=2``, every page has a French
    translation beside it (the same text, for the timing), which records its original as current."""
    from patientsite.structure.translations import text_digest

    pages, bib = make_corpus(n_pages, seed, kind)
    (root / "content").mkdir(parents=True)
    settings = "title: Benchmark\nclinic:\n  name: Benchmark clinic\n"
    if languages > 1:
        settings += "languages: [en, fr]\n"
        (root / "site.fr.yml").write_text("title: Banc d'essai\n", encoding="utf-8")
    (root / "site.yml").write_text(settings, encoding="utf-8")
    (root / "references.bib").write_text(bib, encoding="utf-8")
    for index, (meta, body) in enumerate(pages):
        text = f"---\n{_yaml(meta)}\n---\n\n{body}"
        (root / "content" / f"{page_name(index)}.md").write_text(text, encoding="utf-8")
        if languages > 1:
            translated = dict(meta, title=f"Page {index} (fr)", translation_of=text_digest(text))
            (root / "content" / f"{page_name(index)}.fr.md").write_text(f"---\n{_yaml(translated)}\n---\n\n{body}",
                                                                         encoding="utf-8")


def plain_body(meta: dict[str, object], body: str, link_suffix: str) -> str:
    """The page for a generator without citations: key points as a list; links to other pages as it names them."""
    points = "\n".join(f"- {point}" for point in meta["key_points"])
    return f"{points}\n\n" + re.sub(r"\]\((\w+)\.md", lambda m: f"]({m.group(1)}{link_suffix}", body)


def write_pelican(root: Path, n_pages: int, seed: int = 1, kind: str = "tidy") -> None:
    pages, _ = make_corpus(n_pages, seed, kind)
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(
        'SITENAME = "Benchmark"\nPATH = "content"\nTIMEZONE = "UTC"\nRELATIVE_URLS = True\n'
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\nDEFAULT_PAGINATION = False\n", encoding="utf-8")
    for index, (meta, body) in enumerate(pages):
        slug = "home" if index == 0 else page_name(index)  # Pelican writes its own index.html
        header = f"Title: {meta['title']}\nDate: 2026-01-01\nSlug: {slug}\nSummary: {meta['description']}\n\n"
        text = plain_body(meta, body, ".html").replace("](index.html", "](home.html")
        (root / "content" / f"{slug}.md").write_text(header + text, encoding="utf-8")


def write_mkdocs(root: Path, n_pages: int, seed: int = 1, kind: str = "tidy") -> None:
    pages, _ = make_corpus(n_pages, seed, kind)
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: Benchmark\nuse_directory_urls: true\n", encoding="utf-8")
    for index, (meta, body) in enumerate(pages):
        (root / "docs" / f"{page_name(index)}.md").write_text(f"# {meta['title']}\n\n" + plain_body(meta, body, ".md"),
                                                              encoding="utf-8")


HUGO_LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title></head>
<body><nav><ul>{{ range site.Menus.main }}<li><a href="{{ .URL | relURL }}">{{ .Name }}</a></li>{{ end }}</ul></nav>
<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""


def write_hugo(root: Path, n_pages: int, seed: int = 1, kind: str = "tidy") -> None:
    pages, _ = make_corpus(n_pages, seed, kind)
    (root / "content").mkdir(parents=True)
    (root / "layouts" / "_default").mkdir(parents=True)
    (root / "hugo.toml").write_text('baseURL = "https://bench.example/"\ntitle = "Benchmark"\nrelativeURLs = true\n'
                                    'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n', encoding="utf-8")
    for name in ("single.html", "list.html"):
        (root / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(HUGO_LAYOUT, encoding="utf-8")
    for index, (meta, body) in enumerate(pages):
        name = "_index" if index == 0 else page_name(index)
        menu = f"menus: main\nweight: {index}\n" if meta.get("in_nav", True) else ""
        front = f"---\ntitle: \"{meta['title']}\"\ndescription: \"{meta['description']}\"\n{menu}---\n\n"
        body = re.sub(r"\]\((\w+)\.md", lambda m: "](" + ("_index" if m.group(1) == "index" else m.group(1)) + ".md", body)
        body = re.sub(r"\]\((\w+\.md)(#[\w-]+)?\)", r']({{< relref "\1\2" >}})', body)
        (root / "content" / f"{name}.md").write_text(front + "\n".join(f"- {p}" for p in meta["key_points"]) + "\n\n"
                                                     + body, encoding="utf-8")


def exported_entry(index: int, rng: random.Random) -> str:
    """One entry as a reference manager exports it: many authors, LaTeX in the title, an abstract and a file."""
    authors = " and ".join(f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 9)))
    return (f"@article{{export{index},\n  title = {{Outcomes of {{CRPS}} treatment in adults {{\\textgreater}}65 years: "
            f"a \\emph{{cohort}} study of $\\beta_2$ number {index}}},\n  author = {{{authors}}},\n"
            f"  date = {{20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}}},\n  journaltitle = {{Pain Medicine}},\n"
            f"  shortjournal = {{Pain Med.}},\n  volume = {{{rng.randint(1, 40)}}},\n  number = {{{rng.randint(1, 12)}}},\n"
            f"  pages = {{{index}--{index + 9}}},\n  doi = {{10.1000/export.{index}}},\n  langid = {{english}},\n"
            f"  abstract = {{{' '.join(['Background and methods of a long abstract.'] * 12)}}},\n"
            f"  keywords = {{pain, ketamine}},\n  file = {{/home/user/Zotero/storage/{index}.pdf}}\n}}\n")


FAMILIES = ("Smith", "Haanp{\\\"a}{\\\"a}", "van Hilten", "{\\O}stergaard", "Lee", "de la Fontaine", "M{\\\"u}ller")
GIVEN = ("Ann", "Mary-Jane", "J. J.", "Ren{\\'e}", "Min-jung", "Ole")


def write_library_site(root: Path, n_entries: int, n_pages: int = 100, seed: int = 1) -> None:
    """A site of ``n_pages`` pages whose references.bib is a whole exported library of ``n_entries`` entries."""
    write_site(root, n_pages, seed)
    rng = random.Random(seed)
    bib = root / "references.bib"
    cited = bib.read_text(encoding="utf-8")
    extra = max(0, n_entries - cited.count("@article"))
    bib.write_text(cited + "\n" + "".join(exported_entry(index, rng) for index in range(extra)), encoding="utf-8")
