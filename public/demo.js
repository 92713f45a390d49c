// Demo host page only: shows the widget's public events, as a site owner's analytics would see
// them. Not part of the embed.
const log = document.getElementById("event-log");
for (const name of ["started", "progress", "completed", "lead-submitted", "error"]) {
  document.addEventListener("annexa:" + name, (event) => {
    const item = document.createElement("li");
    item.dataset.event = event.type;
    item.textContent = event.type + " " + JSON.stringify(event.detail);
    log.prepend(item);
    while (log.children.length > 20) log.lastElementChild.remove();
  });
}
