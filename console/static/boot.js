// Loads the console bundle. The file names are written in at build time
// (console/build/post_build.sh); this file itself is revalidated on every use.
import init from "/console/__CONSOLE_JS__";

init({ module_or_path: "/console/__CONSOLE_WASM__" }).catch(() => {
  const app = document.getElementById("app");
  if (app) {
    app.innerHTML =
      '<p role="alert">This page could not start. Reload it; if that does not help, your browser may be too old for it.</p>';
  }
});
