/*
 * ChurnWatch inbox: plain JavaScript, no build step. Talks to alert-service's /v1/ API with the tenant API key
 * the person entered (kept in localStorage), and listens to /v1/alerts/stream (server-sent events) for live
 * changes, opened with a one-use token because EventSource cannot send an Authorization header.
 * Every value from the server is put on the page with textContent, never as HTML.
 */
(function () {
  "use strict";

  const KEY_STORE = "churnwatch.apiKey";
  const LANG_STORE = "churnwatch.lang";
  const $ = (id) => document.getElementById(id);
  const labels = window.CW_I18N;

  let lang = localStorage.getItem(LANG_STORE) || ((navigator.language || "en").toLowerCase().startsWith("zh") ? "zh" : "en");
  let apiKey = localStorage.getItem(KEY_STORE);
  let episodes = [];
  let selected = null;
  let selectedId = (location.pathname.match(/\/inbox\/episodes\/([0-9a-f-]{36})/i) || [])[1] || null;
  let history = null;
  let stream = null;
  let retryDelay = 1000;
  let reloadTimer = null;
  const flashing = new Set();

  // ---------- labels ----------
  function t(key, vars) {
    let text = (labels[lang] && labels[lang][key]) || labels.en[key] || key;
    if (vars) {
      Object.keys(vars).forEach((name) => { text = text.split("{" + name + "}").join(String(vars[name])); });
    }
    return text;
  }

  function applyLabels() {
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    document.title = t("app.title");
    document.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
    document.querySelectorAll(".lang-btn").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    setLive($("live-status").dataset.state);
    renderList();
    renderDetail();
  }

  const locale = () => (lang === "zh" ? "zh-CN" : "en-GB");
  const when = (iso) => (iso ? new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso)) : "–");
  const money = (v) => (v == null ? null : new Intl.NumberFormat(locale(), { maximumFractionDigits: 0 }).format(v));
  const num = (v) => (v == null ? "–" : (Math.round(v * 10) / 10).toString());
  const pct = (v) => (v == null ? "–" : Math.round(v * 100) + "%");

  function tenure(days) {
    if (days == null) return t("detail.unknown");
    if (days < 60) return t("tenure.days", { n: days });
    const y = Math.floor(days / 365), m = Math.floor((days % 365) / 30);
    return y === 0 ? t("tenure.months", { n: m }) : t("tenure.years", { y: y, m: m });
  }

  function duration(seconds) {
    if (seconds == null) return "–";
    if (seconds < 3600) return t("duration.min", { n: Math.max(1, Math.round(seconds / 60)) });
    if (seconds < 86400 * 2) return t("duration.h", { n: Math.round(seconds / 360) / 10 });
    return t("duration.d", { n: Math.round(seconds / 8640) / 10 });
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function step(ep, i) {
    const key = ep.playbooks && ep.playbooks[i];
    return key && labels[lang]["playbook." + key] ? t("playbook." + key) : ep.playbookSteps[i];
  }

  function factorText(f) {
    return f.label + ": " + (f.contribution >= 0 ? "+" : "") + Math.round(f.contribution);
  }

  // ---------- API ----------
  class ApiError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ Authorization: "Bearer " + apiKey, Accept: "application/json" }, init.headers);
    if (init.body && typeof init.body !== "string") {
      init.body = JSON.stringify(init.body);
      init.headers["Content-Type"] = "application/json";
    }
    const reply = await fetch(path, init);
    const body = reply.headers.get("Content-Type") && reply.headers.get("Content-Type").includes("json") ? await reply.json() : null;
    if (reply.status === 401) {
      askForKey(t("key.invalid"));
      throw new ApiError(401, body && body.detail);
    }
    if (!reply.ok) throw new ApiError(reply.status, (body && (body.detail || body.title)) || reply.statusText);
    return body;
  }

  // ---------- key ----------
  function askForKey(error) {
    closeStream();
    $("app").hidden = true;
    $("change-key").hidden = true;
    $("key-panel").hidden = false;
    $("key-error").hidden = !error;
    $("key-error").textContent = error || "";
    $("api-key").focus();
  }

  async function start() {
    $("key-panel").hidden = true;
    $("app").hidden = false;
    $("change-key").hidden = false;
    try {
      await loadList();
      loadStats();
      openStream();
    } catch (e) {
      if (e.status !== 401) toast(t("action.failed", { m: e.message }));
    }
  }

  // ---------- list ----------
  function filterQuery() {
    const q = new URLSearchParams();
    const state = $("filter-state").value;
    if (state) q.set("state", state);
    if ($("filter-level").value) q.set("level", $("filter-level").value);
    if ($("filter-segment").value.trim()) q.set("segment", $("filter-segment").value.trim());
    if ($("filter-owner").value.trim()) q.set("owner", $("filter-owner").value.trim());
    q.set("limit", "200");
    return q.toString();
  }

  async function loadList() {
    episodes = await api("/v1/alerts?" + filterQuery());
    fillDatalist("segments", episodes.map((e) => e.segment));
    fillDatalist("owners", episodes.map((e) => e.owner));
    renderList();
    if (selectedId) {
      const fresh = episodes.find((e) => e.id === selectedId);
      if (fresh) {
        selected = fresh;
        renderDetail();
      } else {
        await loadSelected();
      }
    }
  }

  function fillDatalist(id, values) {
    const list = $(id);
    const known = new Set(Array.from(list.options).map((o) => o.value));
    values.filter((v) => v && !known.has(v)).forEach((v) => { known.add(v); list.appendChild(el("option")).value = v; });
  }

  function renderList() {
    const list = $("episodes");
    list.replaceChildren();
    $("empty").hidden = episodes.length > 0;
    $("list-count").textContent = "· " + t("list.count", { n: episodes.length });
    episodes.forEach((ep, i) => {
      const li = el("li", "episode lvl-" + ep.level + (ep.id === selectedId ? " selected" : "") + (flashing.has(ep.id) ? " flash" : ""));
      li.dataset.id = ep.id;
      li.dataset.customer = ep.customerId;
      li.dataset.state = ep.state;
      li.tabIndex = 0;
      li.appendChild(el("div", "rank", String(i + 1)));
      const head = el("div", "ep-head");
      head.appendChild(el("span", "customer", ep.customerId));
      head.appendChild(el("span", "level lvl-" + ep.level, t("level." + ep.level)));
      head.appendChild(el("span", "state-badge st-" + ep.state, t("state." + ep.state)));
      if (ep.kind === "owner_left" || ep.ownerLeft) head.appendChild(el("span", "kind", t("kind.owner_left")));
      if (ep.kind === "check_in") head.appendChild(el("span", "kind", t("kind.check_in")));
      li.appendChild(head);
      const score = el("div", "ep-score", num(ep.score));
      score.appendChild(el("small", null, t("detail.score")));
      li.appendChild(score);
      const facts = [ep.mrr != null ? t("list.value", { v: money(ep.mrr) }) : t("list.valueUnknown"), tenure(ep.tenureDays),
        ep.segment, ep.owner || t("list.ownerNone")];
      if (ep.state === "snoozed" && ep.snoozedUntil) facts.push(t("list.snoozedUntil", { t: when(ep.snoozedUntil) }));
      li.appendChild(el("div", "ep-facts", facts.filter(Boolean).join(" · ")));
      if (ep.topFactors.length) li.appendChild(el("div", "ep-factors", ep.topFactors.slice(0, 3).map(factorText).join("; ")));
      if (ep.playbookSteps.length) {
        const next = el("div", "ep-next");
        next.appendChild(el("b", null, t("list.next") + " "));
        next.appendChild(document.createTextNode(step(ep, 0)));
        li.appendChild(next);
      }
      li.addEventListener("click", () => select(ep.id));
      li.addEventListener("keydown", (e) => { if (e.key === "Enter") select(ep.id); });
      list.appendChild(li);
    });
  }

  async function loadStats() {
    try {
      const s = await api("/v1/alerts/stats");
      $("stat-open").textContent = s.byState.open;
      $("stat-acknowledged").textContent = s.byState.acknowledged;
      $("stat-snoozed").textContent = s.byState.snoozed;
      $("stat-tta").textContent = duration(s.timeToAcknowledge.medianSeconds);
      const real = s.precision.reduce((n, p) => n + p.saved + p.churned, 0);
      const all = s.precision.reduce((n, p) => n + p.saved + p.churned + p.falseAlarms, 0);
      $("stat-precision").textContent = all ? pct(real / all) : "–";
      $("stat-winback").textContent = s.winBack && s.winBack.rate != null ? pct(s.winBack.rate) : "–";
    } catch (e) { /* the list matters more than the numbers */ }
  }

  // ---------- detail ----------
  async function select(id) {
    selectedId = id;
    selected = episodes.find((e) => e.id === id) || null;
    window.history.replaceState(null, "", "/inbox/episodes/" + id);
    renderList();
    renderDetail();
    await loadSelected();
  }

  async function loadSelected() {
    if (!selectedId) return;
    try {
      selected = await api("/v1/alerts/" + selectedId);
      history = null;
      renderDetail();
      history = await api("/v1/alerts/" + selectedId + "/history");
      renderDetail();
    } catch (e) {
      if (e.status === 404) { selectedId = null; selected = null; window.history.replaceState(null, "", "/inbox"); renderDetail(); }
    }
  }

  function renderDetail() {
    const ep = selected;
    $("detail-placeholder").hidden = !!ep;
    $("detail-body").hidden = !ep;
    if (!ep) return;
    $("d-customer").textContent = ep.customerId;
    $("d-level").className = "level lvl-" + ep.level;
    $("d-level").textContent = t("level." + ep.level);
    $("d-state").className = "state-badge st-" + ep.state;
    $("d-state").textContent = t("state." + ep.state);
    $("d-kind").textContent = ep.kind === "owner_left" || ep.kind === "check_in" ? t("kind." + ep.kind) : "";
    $("d-score").textContent = num(ep.score);
    $("d-value").textContent = ep.mrr != null ? t("detail.perMonth", { v: money(ep.mrr) }) : t("detail.unknown");
    $("d-tenure").textContent = tenure(ep.tenureDays);
    $("d-segment").textContent = ep.segment || "–";
    $("d-owner").textContent = ep.owner || t("list.ownerNone");
    $("d-priority").textContent = num(ep.priority);
    $("d-palive").textContent = pct(ep.pAlive);
    $("d-opened").textContent = when(ep.openedAt);
    $("d-notifications").textContent = ep.notifications;
    $("d-owner-left").hidden = !ep.ownerLeft;

    const factors = $("d-factors");
    factors.replaceChildren();
    const biggest = Math.max(1, ...ep.topFactors.map((f) => Math.abs(f.contribution)));
    ep.topFactors.forEach((f) => {
      const li = el("li", "factor");
      li.appendChild(el("span", null, f.label));
      const bar = el("div", "bar");
      const fill = el("span");
      fill.style.width = Math.round((Math.abs(f.contribution) / biggest) * 100) + "%";
      bar.appendChild(fill);
      li.appendChild(bar);
      li.appendChild(el("span", "pts", (f.contribution >= 0 ? "+" : "") + Math.round(f.contribution)));
      factors.appendChild(li);
    });
    if (!ep.topFactors.length) factors.appendChild(el("li", "muted", t("detail.noFactors")));

    const playbook = $("d-playbook");
    playbook.replaceChildren();
    ep.playbookSteps.forEach((s, i) => playbook.appendChild(el("li", null, step(ep, i))));
    if (!ep.playbookSteps.length) playbook.appendChild(el("li", "muted", t("detail.noPlaybook")));

    const resolved = ep.state === "resolved";
    $("ack-row").hidden = resolved;
    $("ack-button").disabled = ep.state === "acknowledged";
    $("snooze-form").hidden = resolved;
    $("resolve-form").hidden = resolved;
    $("wonback-row").hidden = !(resolved && ep.outcome === "churned" && !ep.wonBackAt);
    $("d-resolved-note").hidden = !resolved;
    if (resolved) {
      let note = t("detail.resolvedAs", { o: t("outcome." + ep.outcome), r: t("reason." + ep.reason), t: when(ep.resolvedAt) });
      if (ep.wonBackAt) note += " " + t("detail.wonBackAt", { t: when(ep.wonBackAt) });
      if (ep.resolutionNote) note += " “" + ep.resolutionNote + "”";
      $("d-resolved-note").textContent = note;
    }
    renderTimeline();
  }

  function renderTimeline() {
    const list = $("d-timeline");
    list.replaceChildren();
    const entries = history && history.id === (selected && selected.id) ? history.entries : [];
    entries.forEach((e) => {
      const li = el("li", e.type === "state" ? "t-state" : "t-notification");
      li.appendChild(el("time", null, when(e.at)));
      if (e.type === "state") {
        let text = e.what === "open" ? t("event.open") : t("state." + e.what);
        if (e.outcome) text += ": " + t("outcome." + e.outcome) + " (" + t("reason." + e.reason) + ")";
        li.appendChild(document.createTextNode(text));
      } else {
        li.appendChild(document.createTextNode(t("timeline.notification",
          { c: e.channel || "–", p: t("purpose." + e.what), d: t("delivery." + e.delivery) })));
      }
      list.appendChild(li);
    });
    const scores = history && history.scoring && Array.isArray(history.scoring.scores) ? history.scoring.scores.slice(-12).reverse() : [];
    $("d-scores-wrap").hidden = scores.length === 0;
    const scoreList = $("d-scores");
    scoreList.replaceChildren();
    scores.forEach((s) => {
      const li = el("li");
      li.appendChild(el("time", null, when(s.at)));
      li.appendChild(document.createTextNode(t("timeline.score", { s: num(s.score), l: t("level." + s.level) }) + (s.cause ? " · " + s.cause : "")));
      scoreList.appendChild(li);
    });
  }

  async function act(path, body) {
    $("action-error").hidden = true;
    try {
      selected = await api("/v1/alerts/" + selected.id + "/" + path, { method: "POST", body: body });
      const i = episodes.findIndex((e) => e.id === selected.id);
      if (i >= 0) episodes[i] = selected;
      renderList();
      renderDetail();
      toast(t("action.done"));
      loadStats();
      history = await api("/v1/alerts/" + selected.id + "/history");
      renderTimeline();
    } catch (e) {
      $("action-error").textContent = t("action.failed", { m: e.message });
      $("action-error").hidden = false;
    }
  }

  function defaultSnooze(days) {
    const d = new Date(Date.now() + days * 86400000);
    d.setHours(9, 0, 0, 0);
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  // ---------- live ----------
  function setLive(state) {
    $("live-status").dataset.state = state || "off";
    $("live-text").textContent = t("live." + (state || "off"));
  }

  function closeStream() {
    if (stream) { stream.close(); stream = null; }
    setLive("off");
  }

  async function openStream() {
    closeStream();
    let token;
    try {
      token = await api("/v1/alerts/stream/tokens", { method: "POST" });
    } catch (e) {
      if (e.status !== 401) retryLater();
      return;
    }
    const source = new EventSource("/v1/alerts/stream?token=" + encodeURIComponent(token.token));
    stream = source;
    source.addEventListener("open", () => {
      setLive("live");
      retryDelay = 1000;
      scheduleReload(); // catch up with what happened while disconnected
    });
    source.addEventListener("alert", (message) => {
      const event = JSON.parse(message.data);
      flashing.add(event.episodeId);
      setTimeout(() => { flashing.delete(event.episodeId); renderList(); }, 2500);
      if (event.episodeId === selectedId && event.state !== "acknowledged") toast(t("live.updated", { c: event.customerId, s: t("state." + event.state) }));
      scheduleReload();
    });
    source.addEventListener("error", () => {
      if (stream !== source) return;
      source.close();
      stream = null;
      retryLater();
    });
  }

  function retryLater() {
    setLive("reconnecting");
    setTimeout(() => { if (apiKey && !stream) openStream(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  }

  function scheduleReload() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(async () => {
      try { await loadList(); loadStats(); if (selectedId) { history = await api("/v1/alerts/" + selectedId + "/history"); renderTimeline(); } } catch (e) { /* next event retries */ }
    }, 250);
  }

  let toastTimer = null;
  function toast(text) {
    $("toast").textContent = text;
    $("toast").hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { $("toast").hidden = true; }, 2500);
  }

  // ---------- wiring ----------
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll(".lang-btn").forEach((b) => b.addEventListener("click", () => {
      lang = b.dataset.lang;
      localStorage.setItem(LANG_STORE, lang);
      applyLabels();
    }));
    $("key-form").addEventListener("submit", (e) => {
      e.preventDefault();
      apiKey = $("api-key").value.trim();
      if (!apiKey) return;
      localStorage.setItem(KEY_STORE, apiKey);
      $("api-key").value = "";
      start();
    });
    $("change-key").addEventListener("click", () => {
      localStorage.removeItem(KEY_STORE);
      apiKey = null;
      askForKey();
    });
    ["filter-state", "filter-level"].forEach((id) => $(id).addEventListener("change", () => loadList().catch(() => {})));
    ["filter-segment", "filter-owner"].forEach((id) => $(id).addEventListener("change", () => loadList().catch(() => {})));
    $("filters").addEventListener("submit", (e) => { e.preventDefault(); loadList().catch(() => {}); });
    $("filter-reset").addEventListener("click", () => {
      $("filter-state").value = "active";
      $("filter-level").value = "";
      $("filter-segment").value = "";
      $("filter-owner").value = "";
      loadList().catch(() => {});
    });
    $("ack-button").addEventListener("click", () => act("acknowledge"));
    document.querySelectorAll("#snooze-form .chip").forEach((chip) => chip.addEventListener("click", () => {
      $("snooze-until").value = defaultSnooze(Number(chip.dataset.days));
    }));
    $("snooze-until").value = defaultSnooze(1);
    $("snooze-form").addEventListener("submit", (e) => {
      e.preventDefault();
      act("snooze", { until: new Date($("snooze-until").value).toISOString() });
    });
    $("resolve-form").addEventListener("submit", (e) => {
      e.preventDefault();
      act("resolve", { outcome: $("resolve-outcome").value, reason: $("resolve-reason").value, note: $("resolve-note").value.trim() || null });
    });
    $("wonback-button").addEventListener("click", () => act("won-back"));

    applyLabels();
    if (apiKey) start(); else askForKey();
  });
})();
