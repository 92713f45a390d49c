// The iframe fallback page's script (frame.html?key=…&origin=https://host.example).
//
// Builds one <annexa-readiness> from the query string, then forwards the widget's events and its
// height to the embedding page with postMessage — only to the origin named in `origin`, never "*".
import "./embed.js";

const query = new URLSearchParams(location.search);
const widget = document.createElement("annexa-readiness");
for (const name of ["key", "mode", "locale", "api", "accent", "instance"]) {
  const value = query.get(name);
  if (value !== null) widget.dataset[name] = value;
}
const leadCapture = query.get("leadCapture") ?? query.get("lead-capture");
if (leadCapture !== null) widget.dataset.leadCapture = leadCapture;
widget.dataset.frame = "on";

let target = null;
try {
  const origin = query.get("origin");
  if (origin) target = new URL(origin).origin;
} catch {
  target = null;
}

function post(type, detail) {
  if (target && window.parent !== window) window.parent.postMessage({ type, detail }, target);
}

for (const name of ["started", "progress", "completed", "lead-submitted", "error"]) {
  document.addEventListener("annexa:" + name, (event) => post(event.type, event.detail));
}
// The body's own height (html and body have no margins): the document's scrollHeight would never
// report less than the iframe's current height, so the frame could grow but never shrink.
const height = () => Math.ceil(document.body.getBoundingClientRect().height);
new ResizeObserver(() => post("annexa:resize", { height: height() })).observe(document.body);

document.querySelector("main").append(widget);
