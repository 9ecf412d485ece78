// The agent's page: find a requester and a service, then show the triage
// answer in words, the picture of its evidence and the history. Every
// string from the model reaches the page as text (textContent), never as
// markup, and with the characters that would hide or reorder what is read
// escaped, as svcrel's messages escape them (`shown`).
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const SUGGEST_LIMIT = 8;
  const SUGGEST_DELAY_MS = 60;

  // One colour per role, as `svcrel dot` paints them (Okabe–Ito).
  const ROLE_COLOUR = {
    "customer external": "#E69F00",
    "customer internal": "#F0E442",
    consumer: "#56B4E9",
    sponsor: "#CC79A7",
    provider: "#009E73",
    client: "#D55E00",
    partner: "#0072B2",
    colleague: "#BBBBBB",
    payer: "#000000",
  };

  const VERB = {
    membership: "is a member of",
    reporting: "reports to",
    parent: "is part of",
    usage: "uses",
    funding: "pays for",
    dependency: "depends on",
    provider: "is provided by",
    oversight: "oversees",
    partnership: "partners with",
  };

  // Control and format characters (bidi controls, zero-width ones),
  // line and paragraph separators and noncharacters.
  const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Noncharacter_Code_Point}]/gu;
  const ESCAPES = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

  /// Text as a person may see it: each unsafe character written as an
  /// escape (`\u{202e}`), so nothing is hidden or reordered.
  const shown = (text) =>
    String(text).replace(UNSAFE, (c) => ESCAPES[c] || "\\u{" + c.codePointAt(0).toString(16) + "}");

  const $ = (id) => document.getElementById(id);
  const append = (node, children) => {
    for (const c of children) node.append(typeof c === "string" ? shown(c) : c);
    return node;
  };
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    return append(node, children);
  };
  const svg = (tag, attrs, ...children) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return append(node, children);
  };

  let token = sessionStorage.getItem("svcrel-token") || "";

  /// A failure the page shows as it is: the service's message.
  class Failure extends Error {
    constructor(message, kind, status) {
      super(message);
      this.kind = kind;
      this.status = status;
    }
  }

  /// GETs `path` (with `question`, POSTs it to `/v1/ask` instead: ids go
  /// in JSON, never in a path, where `.`, `..` or `/` would change it).
  /// A 401 shows the token box; `quiet` leaves the focus where it is.
  async function getJson(path, { signal, question, quiet } = {}) {
    const headers = { Accept: "application/json" };
    if (token) headers.Authorization = "Bearer " + token;
    const init = { headers, signal };
    if (question) {
      init.method = "POST";
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(question);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      if (e.name === "AbortError") throw e;
      throw new Failure("The service cannot be reached: " + e.message, "network", 0);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const error = body && body.error ? body.error : {};
      if (response.status === 401) showTokenForm(!quiet);
      throw new Failure(error.message || "The service answered " + response.status, error.kind, response.status);
    }
    return body;
  }

  function showTokenForm(focus) {
    $("token-form").hidden = false;
    if (focus) $("token").focus();
  }

  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    token = $("token").value.trim();
    sessionStorage.setItem("svcrel-token", token);
    $("token-form").hidden = true;
    // Ask again what the token was wanted for.
    if ($("party").value.trim() && $("service").value.trim()) ask();
    else $("party").focus();
  });

  const label = (id, name) => (name ? name + " (" + id + ")" : id);

  // ---- suggestions as you type (the ARIA combobox pattern) ----

  /// A text box with its list of suggestions of one kind.
  class Combo {
    constructor(input, list, kind, onPick) {
      this.input = input;
      this.list = list;
      this.kind = kind;
      this.onPick = onPick;
      this.options = [];
      this.active = -1;
      this.picked = null; // the suggestion picked, while the text is its id
      this.timer = 0;
      this.asked = 0;
      this.controller = null;
      input.addEventListener("input", () => this.typed());
      input.addEventListener("keydown", (e) => this.key(e));
      input.addEventListener("blur", () => setTimeout(() => this.close(), 150));
      list.addEventListener("mousedown", (e) => e.preventDefault());
    }

    /// The id to ask about: the one picked (as it is, spaces and all), or
    /// the text as typed, trimmed.
    value() {
      if (this.picked && this.picked.id === this.input.value) return this.picked;
      return { id: this.input.value.trim(), name: null };
    }

    set(id, name) {
      this.input.value = id;
      this.picked = { id, name };
      this.close();
    }

    typed() {
      this.picked = null;
      clearTimeout(this.timer);
      const text = this.input.value.trim();
      if (!text) {
        this.close();
        return;
      }
      this.timer = setTimeout(() => this.suggest(text), SUGGEST_DELAY_MS);
    }

    async suggest(text) {
      if (this.controller) this.controller.abort();
      this.controller = new AbortController();
      const asked = ++this.asked;
      const query = new URLSearchParams({ q: text, kind: this.kind, limit: String(SUGGEST_LIMIT) });
      try {
        const answer = await getJson("v1/suggest?" + query, { signal: this.controller.signal, quiet: true });
        const current = asked === this.asked && document.activeElement === this.input;
        if (!current || this.input.value.trim() !== text) return;
        this.show(answer.suggestions || [], answer.more, text);
      } catch (e) {
        if (e.name === "AbortError") return;
        status(e.message, true);
      }
    }

    show(suggestions, more, text) {
      this.list.replaceChildren();
      this.options = suggestions;
      this.active = -1;
      this.input.removeAttribute("aria-activedescendant");
      if (!suggestions.length) {
        this.list.append(el("li", { class: "more", role: "presentation" }, "Nothing starts with “" + text + "”"));
      }
      suggestions.forEach((s, i) => {
        const meta = [s.kind];
        if (s.email) meta.push(s.email);
        const option = el(
          "li",
          { role: "option", id: this.list.id + "-" + i, "aria-selected": "false", "data-id": s.id },
          el("span", { class: "name" }, s.name || s.id),
          " ",
          el("span", { class: "id" }, s.name ? s.id : ""),
          el("div", { class: "meta" }, meta.join(" · ")),
        );
        option.addEventListener("click", () => this.pick(i));
        this.list.append(option);
      });
      if (more) this.list.append(el("li", { class: "more", role: "presentation" }, "More match: type more to narrow."));
      this.list.hidden = false;
      this.input.setAttribute("aria-expanded", "true");
    }

    close() {
      // A suggestion still on its way must not open the list again.
      clearTimeout(this.timer);
      this.asked += 1;
      if (this.controller) this.controller.abort();
      this.list.hidden = true;
      this.input.setAttribute("aria-expanded", "false");
      this.input.removeAttribute("aria-activedescendant");
      this.active = -1;
    }

    move(by) {
      if (this.list.hidden || !this.options.length) return;
      const n = this.options.length;
      this.active = this.active < 0 ? (by > 0 ? 0 : n - 1) : (this.active + by + n) % n;
      this.list.querySelectorAll("[role=option]").forEach((o, i) => {
        o.setAttribute("aria-selected", i === this.active ? "true" : "false");
        if (i === this.active) o.scrollIntoView({ block: "nearest" });
      });
      this.input.setAttribute("aria-activedescendant", this.list.id + "-" + this.active);
    }

    pick(i) {
      const s = this.options[i];
      this.set(s.id, s.name);
      this.onPick(s);
    }

    key(e) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (this.list.hidden && this.input.value.trim()) this.suggest(this.input.value.trim());
        else this.move(1);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        this.move(-1);
      } else if (e.key === "Enter" && !this.list.hidden && this.active >= 0) {
        e.preventDefault();
        this.pick(this.active);
      } else if (e.key === "Escape" && !this.list.hidden) {
        e.preventDefault();
        this.close();
      } else if (e.key === "Enter") {
        this.close();
      }
    }
  }

  const party = new Combo($("party"), $("party-list"), "party", () => $("service").focus());
  const service = new Combo($("service"), $("service-list"), "service", () => ask());

  // ---- asking ----

  function status(text, bad) {
    const s = $("status");
    s.textContent = shown(text);
    s.className = bad ? "error" : "";
  }

  /// The id a typed text stands for: the suggestion picked, else what
  /// `find` makes of the text (an id, an email, an external id, a name).
  async function resolve(combo, what, kinds) {
    try {
      return await resolveText(combo, what, kinds);
    } catch (e) {
      e.input = combo.input;
      throw e;
    }
  }

  async function resolveText(combo, what, kinds) {
    const { id, name } = combo.value();
    if (!id) throw new Failure("Type a " + what + " first.", "empty");
    if (combo.picked && combo.picked.id === id) return { id, name };
    const found = await getJson("v1/find?" + new URLSearchParams({ q: id, limit: "5" }));
    if (found.found && kinds.includes(found.found.kind)) return found.found;
    const fitting = (found.candidates || []).filter((c) => kinds.includes(c.kind));
    if (fitting.length) {
      const names = fitting.map((c) => label(c.id, c.name)).join("; ");
      throw new Failure("No " + what + " is exactly “" + id + "”. Did you mean: " + names + "?", "unknown_id");
    }
    throw new Failure("No " + what + " in the model has the id, name or email “" + id + "”.", "unknown_id");
  }

  let asking = 0;

  async function ask() {
    const mine = ++asking;
    party.close();
    service.close();
    status("Asking…");
    let who, what;
    try {
      who = await resolve(party, "requester", ["individual", "organisation"]);
      what = await resolve(service, "service", ["service"]);
    } catch (e) {
      if (mine === asking) fail(e);
      return;
    }
    const asOf = $("as-of").value;
    const triageQuestion = { query: "triage", party: who.id, service: what.id };
    if (asOf) triageQuestion.as_of = asOf;
    try {
      const [triage, history] = await Promise.all([
        getJson("v1/ask", { question: triageQuestion }),
        getJson("v1/ask", { question: { query: "history", party: who.id, service: what.id } }),
      ]);
      if (mine !== asking) return;
      remember(who.id, what.id, asOf);
      show(triage, history);
      status("");
      $("answer-title").focus();
    } catch (e) {
      if (mine === asking) fail(e);
    }
  }

  /// Says what failed; the box to fix gets the focus.
  function fail(e) {
    $("answer").hidden = true;
    status(e.message, true);
    if (e.input && e.status !== 401) e.input.focus();
  }

  /// The question in the address, so the browser's back and forward and a
  /// copied link ask it again.
  function remember(p, s, asOf) {
    const hash = new URLSearchParams({ party: p, service: s });
    if (asOf) hash.set("as_of", asOf);
    const next = "#" + hash;
    if (location.hash !== next) history.pushState(null, "", next);
  }

  /// Asks the question the address holds; an address without one (back
  /// to where the page started) empties the page.
  function fromAddress() {
    const hash = new URLSearchParams(location.hash.slice(1));
    const p = hash.get("party");
    const s = hash.get("service");
    const asOf = hash.get("as_of") || "";
    if (!p || !s) {
      party.set("", null);
      service.set("", null);
      $("as-of").value = "";
      $("answer").hidden = true;
      status("");
      return;
    }
    party.set(p, null);
    service.set(s, null);
    $("as-of").value = asOf;
    if ($("as-of").value !== asOf) {
      // The date box takes only real dates: say so rather than answer
      // for today.
      fail(new Failure("The address's date “" + asOf + "” is not a date (YYYY-MM-DD).", "invalid_question"));
      return;
    }
    ask();
  }

  $("ask").addEventListener("submit", (event) => {
    event.preventDefault();
    ask();
  });
  window.addEventListener("popstate", fromAddress);

  // ---- the answer ----

  function roleKey(r) {
    return r.role === "customer" ? "customer " + r.scope : r.role;
  }

  /// A role as the answers say it: "external customer (distance 1)".
  function roleWords(r) {
    switch (r.role) {
      case "customer":
        return r.scope + " customer (distance " + r.distance + ")";
      case "consumer":
        return "consumer (distance " + r.distance + ")";
      default:
        return r.role;
    }
  }

  function swatch(key) {
    const s = el("span", { class: "swatch", "aria-hidden": "true" });
    s.style.backgroundColor = ROLE_COLOUR[key];
    return s;
  }

  function show(t, history) {
    // A Map, not an object: an id such as "constructor" or "__proto__"
    // must not read an object's own machinery.
    const names = new Map(Object.entries(t.names || {}));
    if (t.party_name) names.set(t.party, t.party_name);
    if (t.service_name) names.set(t.service, t.service_name);
    const who = (id) => label(id, names.get(id));

    $("answer-title").textContent = shown(label(t.party, t.party_name) + " and " + label(t.service, t.service_name));
    const explanation = $("explanation");
    explanation.textContent = shown(t.explanation);
    explanation.className = t.roles.length ? "" : "notice";

    const facts = $("facts");
    facts.replaceChildren();
    const fact = (term, ...value) => facts.append(el("dt", {}, term), el("dd", {}, ...value));
    fact("On", t.as_of === "any" ? "any date" : t.as_of);
    if (t.roles.length) {
      const roles = el("span");
      t.roles.forEach((r, i) => {
        append(roles, i ? [", ", swatch(roleKey(r)), roleWords(r)] : [swatch(roleKey(r)), roleWords(r)]);
      });
      fact("Roles", roles);
    } else {
      fact("Roles", el("span", { class: "no" }, "none: no relation to this service"));
    }
    fact("Entitled", el("span", { class: t.entitled ? "yes" : "no" }, t.entitled ? "yes" : "no"));
    if (t.payer) {
      let words = who(t.payer) + ", by " + t.payment + ", " + t.steps + " step" + (t.steps === 1 ? "" : "s") + " away";
      if (t.via) words += ", through " + who(t.via);
      fact("Payer", words);
    } else {
      fact("Payer", "nobody near pays");
    }
    if (t.contacts.length) {
      const list = el("ul", { class: "plain" });
      for (const c of t.contacts) {
        const item = el("li", {}, label(c.id, c.name));
        if (c.email) append(item, [" · ", el("a", { href: "mailto:" + c.email }, c.email)]);
        if (c.phone) append(item, [" · ", c.phone]);
        if (c.reaches !== c.id) append(item, [" (for " + who(c.reaches) + ")"]);
        list.append(item);
      }
      fact("Notify", list);
    } else {
      fact("Notify", "nobody");
    }

    const why = $("why");
    why.replaceChildren();
    const ways = t.evidence.map((e) => ({ key: roleKey(e), title: roleWords(e), links: e.links }));
    if (t.payer_links && t.payer_links.length) ways.push({ key: "payer", title: "the payer's way", links: t.payer_links });
    for (const way of ways) {
      const steps = el("ol");
      for (const l of way.links) steps.append(el("li", {}, linkWords(l, who)));
      why.append(el("div", { class: "why-role" }, el("span", { class: "role-name" }, swatch(way.key), way.title), steps));
    }
    if (!ways.length) why.append(el("p", {}, "No link joins them on this date."));

    draw(t, ways, names);
    showHistory(history, t.as_of);
    $("answer").hidden = false;
  }

  function linkWords(l, who) {
    let words = who(l.source) + " " + (VERB[l.link] || l.link) + " " + who(l.target);
    if (l.approved_by && l.approved_by.length) words += ", approved by " + l.approved_by.map(who).join(", ");
    if (l.from && l.until) words += ", from " + l.from + " until " + l.until;
    else if (l.from) words += ", since " + l.from;
    else if (l.until) words += ", until " + l.until;
    return words;
  }

  function showHistory(h, asOf) {
    const body = $("history").tBodies[0];
    body.replaceChildren();
    $("history").caption.textContent = shown("What " + label(h.party, h.party_name) + " has been to " + label(h.service, h.service_name) + ", period by period.");
    for (const p of h.periods) {
      const now = asOf !== "any" && (!p.from || p.from <= asOf) && (!p.until || asOf < p.until);
      const roles = p.roles.length ? p.roles.map(roleWords).join(", ") : "no relation";
      body.append(el("tr", now ? { class: "now" } : {}, el("td", {}, p.from || "always"), el("td", {}, p.until || "still"), el("td", {}, roles + (now ? " (on the date asked)" : ""))));
    }
  }

  // ---- the picture: the party, the service and the links between ----
  //
  // Columns by steps along each way from the party (the longest way
  // decides), the service alone in the last column. Links between
  // neighbouring columns are drawn straight across; longer ones run in a
  // corridor above the boxes, so no line crosses a box.

  const BOX_W = 160;
  const BOX_H = 46;
  const GAP_X = 72;
  const GAP_Y = 22;
  const PAD = 12;
  const LANE = 16;

  function clip(text, max) {
    return text.length > max ? text.slice(0, max - 1) + "…" : text;
  }

  function draw(t, ways, names) {
    const picture = $("picture");
    const legend = $("legend");
    picture.replaceChildren();
    legend.replaceChildren();

    // Each link once, painted for the first way that takes it; a funding
    // link's approvers join it with a dashed line.
    const links = new Map();
    const column = new Map([[t.party, 0]]);
    const further = (id, c) => column.set(id, Math.max(column.has(id) ? column.get(id) : 0, c));
    for (const way of ways) {
      let at = t.party;
      for (const l of way.links) {
        const key = l.link + "\u0000" + l.source + "\u0000" + l.target;
        if (!links.has(key)) links.set(key, { ...l, key: way.key });
        const here = column.get(at) || 0;
        let next;
        if (l.source === at) {
          next = l.target;
        } else if (l.target === at) {
          next = l.source;
        } else {
          further(l.source, here + 1);
          next = l.target;
        }
        further(next, (column.get(l.source === next ? l.target : l.source) || here) + 1);
        at = next;
      }
    }
    for (const l of [...links.values()]) {
      for (const a of l.approved_by || []) {
        if (!column.has(a)) column.set(a, column.get(l.source) + 1);
        const key = "approval\u0000" + a + "\u0000" + l.source;
        if (!links.has(key)) links.set(key, { link: "approves", source: a, target: l.source, key: l.key, dashed: true });
      }
    }
    column.delete(t.service);
    const lastColumn = Math.max(0, ...column.values()) + 1;
    column.set(t.service, lastColumn);

    const count = new Map();
    const slot = new Map();
    for (const [id, c] of column) {
      const r = count.get(c) || 0;
      count.set(c, r + 1);
      slot.set(id, { c, r });
    }
    const long = [...links.values()].filter((l) => Math.abs(slot.get(l.source).c - slot.get(l.target).c) > 1);
    const top = PAD + long.length * LANE + (long.length ? 8 : 0);
    const place = new Map();
    for (const [id, { c, r }] of slot) place.set(id, { x: PAD + c * (BOX_W + GAP_X), y: top + r * (BOX_H + GAP_Y), c });
    const tallest = Math.max(...count.values());
    const width = PAD * 2 + (lastColumn + 1) * (BOX_W + GAP_X) - GAP_X;
    const height = top + tallest * (BOX_H + GAP_Y) - GAP_Y + PAD;

    const image = svg("svg", {
      xmlns: SVG,
      width,
      height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-labelledby": "picture-title picture-desc",
    });
    // Shrunk to fit, but never below three quarters of its size: a longer
    // chain scrolls sideways instead of turning unreadable.
    image.style.minWidth = Math.round(width * 0.75) + "px";
    image.append(svg("desc", { id: "picture-desc" }, "The links from " + label(t.party, names.get(t.party)) + " to " + label(t.service, names.get(t.service))));
    const defs = svg("defs");
    const marker = (key) => "arrow-" + key.replace(" ", "-");
    for (const key of new Set([...links.values()].map((l) => l.key))) {
      defs.append(svg("marker", { id: marker(key), viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z", fill: edgeColour(key) })));
    }
    image.append(defs);

    const edges = svg("g");
    const labels = svg("g");
    let lane = 0;
    for (const l of links.values()) {
      const a = place.get(l.source);
      const b = place.get(l.target);
      let d, lx, ly;
      if (Math.abs(a.c - b.c) > 1) {
        // In the corridor above the boxes, one lane each.
        const y = PAD + lane * LANE + 4;
        const side = b.x > a.x ? 1 : -1;
        const x1 = a.x + BOX_W / 2 + side * (20 + lane * 8);
        const x2 = b.x + BOX_W / 2 - side * (20 + lane * 8);
        d = "M" + x1 + "," + a.y + " V" + y + " H" + x2 + " V" + b.y;
        lx = (x1 + x2) / 2;
        ly = y - 3;
        lane += 1;
      } else if (a.c === b.c) {
        const x = a.x + BOX_W;
        const y1 = a.y + BOX_H / 2;
        const y2 = b.y + BOX_H / 2;
        d = "M" + x + "," + y1 + " C" + (x + 40) + "," + y1 + " " + (x + 40) + "," + y2 + " " + x + "," + y2;
        lx = x + 34;
        ly = (y1 + y2) / 2;
      } else {
        const forward = b.x > a.x;
        const x1 = forward ? a.x + BOX_W : a.x;
        const x2 = forward ? b.x : b.x + BOX_W;
        const y1 = a.y + BOX_H / 2;
        const y2 = b.y + BOX_H / 2;
        const mid = (x1 + x2) / 2;
        d = "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + "," + y2;
        lx = mid;
        ly = (y1 + y2) / 2 - 5;
      }
      const path = svg("path", { d, fill: "none", stroke: edgeColour(l.key), "stroke-width": 2.5, "marker-end": "url(#" + marker(l.key) + ")" });
      if (l.dashed) path.setAttribute("stroke-dasharray", "6 4");
      const verb = l.link === "approves" ? "approves the funding of" : VERB[l.link] || l.link;
      path.append(svg("title", {}, label(l.source, names.get(l.source)) + " " + verb + " " + label(l.target, names.get(l.target))));
      edges.append(path);
      labels.append(svg("text", { x: lx, y: ly, "text-anchor": "middle", "font-size": 11, fill: "#222", stroke: "#fff", "stroke-width": 3, "paint-order": "stroke" }, l.link));
    }
    image.append(edges, labels);

    for (const [id, p] of place) {
      const asked = id === t.party || id === t.service;
      const group = svg("g");
      group.append(svg("title", {}, label(id, names.get(id))));
      group.append(svg("rect", { x: p.x, y: p.y, width: BOX_W, height: BOX_H, rx: 6, fill: asked ? "#000" : "#fff", stroke: "#333", "stroke-width": asked ? 2 : 1 }));
      const name = names.get(id);
      group.append(svg("text", { x: p.x + BOX_W / 2, y: p.y + (name ? 19 : 28), "text-anchor": "middle", "font-size": 13, "font-weight": asked ? 700 : 400, fill: asked ? "#fff" : "#111" }, clip(name || id, asked ? 19 : 22)));
      if (name) group.append(svg("text", { x: p.x + BOX_W / 2, y: p.y + 36, "text-anchor": "middle", "font-size": 11, fill: asked ? "#ddd" : "#555" }, clip(id, 26)));
      image.append(group);
    }
    picture.append(image);

    const keys = new Set([...links.values()].map((l) => l.key));
    for (const way of ways) {
      if (!keys.has(way.key)) continue;
      keys.delete(way.key);
      legend.append(el("li", {}, swatch(way.key), way.title));
    }
    if ([...links.values()].some((l) => l.dashed)) legend.append(el("li", {}, "dashed: approves the funding"));
    if (!links.size) picture.append(el("p", { class: "small" }, "Nothing to draw: no link joins them on this date."));
  }

  function edgeColour(key) {
    // The pale colours are darkened a little so a line stays visible on white.
    if (key === "customer internal") return "#C9B800";
    if (key === "colleague") return "#8C8C8C";
    return ROLE_COLOUR[key] || "#333";
  }

  fromAddress();
})();
