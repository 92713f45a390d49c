// Annexa readiness widget loader — https://HOST/embed.js
//
// Defines the <annexa-readiness> custom element (see docs/EMBEDDING.md). This URL is stable and
// revalidated on every use; the build step writes the current content-hashed file names below,
// so the wasm, its JS glue and the stylesheet can be cached forever.
//
// The widget is three wasm modules. The questionnaire module (the widget's runtime: the start
// screen, the questions, the lead form) loads at once. The report module (scoring and the
// report's markup) is fetched when the questionnaire module asks for it, after the visitor's
// first answer, and called by it within the page on the report screen. The exports module
// (OSCAL, cross-framework coverage, CSV) is fetched only when the visitor opens the coverage or
// asks for a download, the full questionnaire's texts for a full assessment. All are static
// files: no answer is sent with them.
//
// Nothing is added to the host page's globals: everything lives in this module's scope, and the
// only registration is the custom element itself.

const BUILD = {
  widget: { js: "__ANNEXA_JS__", wasm: "__ANNEXA_WASM__" },
  report: { js: "__ANNEXA_REPORT_JS__", wasm: "__ANNEXA_REPORT_WASM__" },
  exports: { js: "__ANNEXA_EXPORTS_JS__", wasm: "__ANNEXA_EXPORTS_WASM__" },
  css: "__ANNEXA_CSS__",
  questions: "__ANNEXA_QUESTIONS__",
};
const EVENTS = ["started", "progress", "completed", "lead-submitted", "error"];
const base = new URL(".", import.meta.url);
const serverOrigin = base.origin;

const runtimes = { widget: null, report: null, exports: null };
// Each wasm module is loaded once per page, however many widgets there are.
function loadRuntime(which) {
  if (!runtimes[which]) {
    const files = BUILD[which];
    // The wasm download starts at once, in parallel with the JS glue it is handed to.
    const wasm = fetch(new URL(files.wasm, base).href);
    const runtime = import(new URL(files.js, base).href).then(async (glue) => {
      await glue.default({ module_or_path: wasm });
      return glue;
    });
    runtime.catch(() => {
      if (runtimes[which] === runtime) runtimes[which] = null;
    });
    runtimes[which] = runtime;
  }
  return runtimes[which];
}

// Start downloading as soon as the script runs: the page asked for the widget.
if (document.querySelector("annexa-readiness:not([data-embed='iframe'])")) {
  loadRuntime("widget").catch(() => {});
}

// Handed to the widget's modules, which call them when the visitor opens the coverage or asks for
// a download, and when a full assessment starts.
const loadExports = () => loadRuntime("exports");
const loadReport = () => loadRuntime("report");
// The full questionnaire's texts (not in the widget module: a quick assessment never shows
// them), once per page; a failed fetch is tried again at the next call.
let questions = null;
const loadQuestions = () => (questions ??= fetch(new URL(BUILD.questions, base))
  .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
  .catch((error) => { questions = null; throw error; }));

// The key's public settings, once per key and page: whether this page counts, the key's accent,
// and the widget's own load of them (`loadSettings`, handed to the widget), all from one request.
// A failed request is made again at the next call (the widget retries transient failures).
const replies = new Map();
function settingsReply(api, key) {
  const id = api + " " + key;
  if (!replies.has(id)) {
    const reply = fetch(api + "/api/v1/widget-config/" + encodeURIComponent(key),
      { headers: { Accept: "application/json" } });
    reply.then((response) => { if (!response.ok) replies.delete(id); }, () => replies.delete(id));
    replies.set(id, reply);
  }
  // Each reader gets a copy: a response's body can be read once.
  return replies.get(id).then((response) => response.clone());
}
function settingsOf(api, key) {
  return settingsReply(api, key).then((response) => response.json()).catch(() => null);
}

// Without data-accent, the key's accent (widget.css: below --annexa-accent), set before mounting.
function keyAccent(host) {
  const { key, accent, api } = host.dataset;
  return key && !accent && settingsOf(api ?? serverOrigin, key).then((found) => {
    const color = found?.accent;
    host.style.setProperty("--annexa-key-accent", /^#([0-9a-f]{3}){1,2}$/i.test(color) ? color : "");
  });
}

// Funnel counts: per key, the steps passed, nothing else; sent when the page is hidden. See
// docs/EMBEDDING.md, "What the widget counts".
const STEPS = { "annexa:started": "started", "annexa:completed": "report", "annexa:lead-submitted": "lead" };
const funnels = new Map();
function funnelOf(host) {
  const data = host.dataset;
  // In the iframe fallback, the host page's element counts.
  if (!data.key || data.analytics === "off" || data.frame === "on") return null;
  const api = data.api ?? serverOrigin;
  const id = api + " " + data.key;
  let funnel = funnels.get(id);
  if (!funnel) {
    funnel = { api, key: data.key, events: [], on: false };
    funnels.set(id, funnel);
    settingsOf(api, data.key).then((found) => { funnel.on = found?.analytics === true; });
  }
  return funnel;
}
function sendFunnels() {
  for (const { api, key, events, on } of funnels.values()) {
    if (on && events.length) {
      // text/plain: no preflight; keepalive: sent as the page goes.
      fetch(api + "/api/v1/events", {
        method: "POST", keepalive: true, credentials: "omit",
        body: JSON.stringify({ key, events: events.splice(0) }),
      }).catch(() => {});
    }
  }
}
addEventListener("pagehide", sendFunnels);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "hidden") sendFunnels();
});

function stylesheet() {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL(BUILD.css, base).href;
  const loaded = new Promise((resolve) => {
    link.addEventListener("load", resolve, { once: true });
    // A missing stylesheet must not keep the widget from showing.
    link.addEventListener("error", resolve, { once: true });
  });
  return { link, loaded };
}

function emit(host, name, detail) {
  host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
}

function instanceId(host) {
  if (host.id) return host.id;
  if (host.dataset.instance) return host.dataset.instance;
  return String([...document.querySelectorAll("annexa-readiness")].indexOf(host));
}

function configOf(host, frame, startedAt = null) {
  const data = host.dataset;
  return {
    key: data.key ?? null,
    mode: data.mode ?? null,
    leadCapture: data.leadCapture ?? null,
    locale: data.locale ?? (document.documentElement.lang || null),
    api: data.api ?? serverOrigin,
    instance: instanceId(host),
    frame,
    startedAt,
  };
}

function message(container, title, text) {
  const box = document.createElement("section");
  box.setAttribute("role", "alert");
  box.className = "error-box";
  const heading = document.createElement("h2");
  heading.textContent = title;
  const body = document.createElement("p");
  body.textContent = text;
  box.append(heading, body);
  container.replaceChildren(box);
}

class AnnexaReadiness extends HTMLElement {
  #widget = null;
  #generation = 0;
  #onMessage = null;
  #counted = new Set();

  constructor() {
    super();
    for (const type in STEPS) this.addEventListener(type, () => this.#count(STEPS[type]));
  }

  // Each step once per widget and page view.
  #count(step) {
    const funnel = funnelOf(this);
    if (funnel && !this.#counted.has(step)) {
      this.#counted.add(step);
      funnel.events.push(step);
    }
  }

  connectedCallback() {
    const generation = ++this.#generation;
    funnelOf(this);
    const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
    const accent = this.dataset.accent;
    if (accent && CSS.supports("color", accent)) {
      this.style.setProperty("--annexa-accent", accent);
    }
    const { link, loaded } = stylesheet();
    const mountPoint = document.createElement("div");
    mountPoint.className = "annexa-root";
    const loading = document.createElement("p");
    loading.className = "loading";
    loading.setAttribute("role", "status");
    loading.textContent = "Loading the readiness assessment…";
    mountPoint.append(loading);
    root.replaceChildren(link, mountPoint);

    if (this.dataset.embed === "iframe") {
      this.#mountFrame(mountPoint);
      return;
    }
    // When the widget started on the page: the lead carries it (a check against automated sends).
    const config = configOf(this, this.dataset.frame === "on", new Date().toISOString());
    Promise.all([loaded, keyAccent(this)])
      .then(() => this.#mountWidget(generation, mountPoint, config))
      .then((mounted) => mounted && this.#count("shown"))
      .catch((error) => this.#failed(generation, mountPoint, error));
  }

  // Mounts the widget: the questionnaire module, which asks for the report module itself.
  #mountWidget(generation, mountPoint, config) {
    return loadRuntime("widget").then((glue) => {
      if (generation !== this.#generation || !this.isConnected) return false;
      this.#unmount();
      mountPoint.replaceChildren();
      const loadSettings = () => settingsReply(config.api, this.dataset.key ?? "");
      this.#widget = glue.mount(this, mountPoint, JSON.stringify(config), loadExports,
        loadQuestions, loadReport, loadSettings);
      return true;
    });
  }

  #unmount() {
    if (this.#widget) this.#widget.unmount();
    this.#widget = null;
  }

  #failed(generation, mountPoint, error) {
    if (generation !== this.#generation) return;
    // A Content-Security-Policy without 'wasm-unsafe-eval' refuses to compile the module:
    // the iframe mode (our page, our policy) still works.
    if (error instanceof WebAssembly.CompileError || error instanceof EvalError) {
      this.#unmount();
      this.#mountFrame(mountPoint);
      return;
    }
    this.#unmount();
    const text = "The readiness assessment could not be loaded from " + serverOrigin +
      ". Check your connection and reload the page.";
    message(mountPoint, "The readiness assessment cannot start", text);
    emit(this, "annexa:error", { key: this.dataset.key ?? null, code: "load-failed", message: text });
  }

  disconnectedCallback() {
    this.#generation++;
    this.#unmount();
    if (this.#onMessage) {
      window.removeEventListener("message", this.#onMessage);
      this.#onMessage = null;
    }
  }

  // The iframe fallback: the widget runs in a page of the Annexa server, which reports its
  // height and its events with postMessage; they are re-dispatched on this element.
  #mountFrame(mountPoint) {
    const config = configOf(this, true);
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(config)) {
      if (value !== null && name !== "frame" && name !== "api") params.set(name, value);
    }
    if (this.dataset.api) params.set("api", this.dataset.api);
    if (this.dataset.accent) params.set("accent", this.dataset.accent);
    params.set("origin", location.origin);
    const frame = document.createElement("iframe");
    frame.src = new URL("frame.html", base).href + "?" + params;
    frame.title = this.dataset.title ?? "ISO/IEC 27001 readiness assessment";
    frame.className = "frame";
    frame.setAttribute("width", "100%");
    frame.setAttribute("height", "640");
    frame.setAttribute("loading", "lazy");
    this.#onMessage = (event) => {
      if (event.origin !== serverOrigin || event.source !== frame.contentWindow) return;
      const data = event.data;
      if (!data || typeof data.type !== "string") return;
      if (data.type === "annexa:resize") {
        const height = data.detail?.height;
        if (Number.isFinite(height) && height > 0) frame.setAttribute("height", String(Math.ceil(height)));
      } else if (EVENTS.some((name) => data.type === "annexa:" + name)) {
        emit(this, data.type, data.detail ?? null);
      }
    };
    window.addEventListener("message", this.#onMessage);
    mountPoint.replaceChildren(frame);
    this.#count("shown");
  }
}

if (!customElements.get("annexa-readiness")) {
  customElements.define("annexa-readiness", AnnexaReadiness);
}
