// Live preview (only on pages served by `build.py serve`, never in the published site).
// The server tells this page about every rebuild: a good build reloads the page, a
// failed one shows its errors on top of the last good version until they are fixed.
const status = "/__preview__/status";
const overlayId = "preview-overlay";

function showErrors(errors) {
  let overlay = document.getElementById(overlayId);
  if (!errors.length) {
    overlay?.remove();
    return;
  }
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.id = overlayId;
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-labelledby", "preview-overlay-title");
    document.body.prepend(overlay);
  }
  const title = document.createElement("h2");
  title.id = "preview-overlay-title";
  title.textContent = `The site could not be rebuilt: ${errors.length} problem${errors.length > 1 ? "s" : ""}`;
  const note = document.createElement("p");
  note.textContent = "You are looking at the last version that built. Fix the problem and save: this page updates by itself.";
  const list = document.createElement("ul");
  for (const error of errors) {
    const item = document.createElement("li");
    const place = document.createElement("code");
    place.textContent = `${error.path}:${error.line}:${error.col}`;
    item.append(place, ` ${error.message}`);
    if (error.hint) {
      const hint = document.createElement("p");
      hint.textContent = `Hint: ${error.hint}`;
      item.append(hint);
    }
    list.append(item);
  }
  overlay.replaceChildren(title, note, list);
}

fetch(status).then((r) => r.json()).then((s) => {
  showErrors(s.errors);
  const events = new EventSource("/__preview__/events");
  events.addEventListener("build", (event) => {
    const build = JSON.parse(event.data);
    if (build.generation === s.generation) return;
    if (build.ok) {
      location.reload();
    } else {
      showErrors(build.errors);
    }
  });
});
