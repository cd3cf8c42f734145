// Site search, as a progressive enhancement: without JavaScript the search box stays
// hidden and readers use the links beside it. The index is built by Pagefind at build time
// and lives in pagefind/ at the site's root, one index for each language; nothing is loaded from another site.
const box = document.querySelector(".search");
if (box) {
  const root = new URL(box.dataset.searchRoot, document.baseURI);
  const input = box.querySelector("input");
  const status = box.querySelector(".search-status");
  const list = box.querySelector(".search-results");
  // The words are the page's language's, from the theme's catalogue; Pagefind searches only the
  // pages in the language of this page's <html lang>.
  const words = box.dataset;
  let pagefind = null;
  let latest = 0;

  async function load() {
    if (!pagefind) {
      pagefind = await import(new URL("pagefind/pagefind.js", root).href);
      await pagefind.options({ baseUrl: root.pathname });
    }
    return pagefind;
  }

  function show(results) {
    list.replaceChildren(...results.map((result) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      const excerpt = document.createElement("p");
      excerpt.textContent = result.excerpt.replace(/<[^>]+>/g, "");
      item.append(link, excerpt);
      return item;
    }));
  }

  async function search() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    try {
      const engine = await load();
      const found = await engine.search(query);
      const results = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
      if (ticket !== latest) return;
      show(results);
      status.textContent = results.length ? words.found.replace("{count}", found.results.length) : words.none;
    } catch (error) {
      status.textContent = words.unavailable;
    }
  }

  box.querySelector("form").addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", search);
  box.hidden = false;
  document.querySelector(".search-fallback")?.classList.add("search-fallback-js");
}
