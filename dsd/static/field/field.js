// The field day page: every tap becomes an entry kept in this browser until the
// server has accepted it. Each entry carries an id made here, so sending it twice
// (a retry, a lost answer) is recorded once on the server.
(function () {
  "use strict";

  const root = document.querySelector("[data-field-page]");
  if (!root) return;

  const kind = root.dataset.fieldPage;
  const api = root.dataset.api;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const prefix = "dsd-field:" + root.dataset.user + ":";
  const outboxKey = prefix + "outbox";
  const refusedKey = prefix + "refused";
  const answersKey = prefix + "answers:" + root.dataset.date;
  const day = JSON.parse(document.getElementById("day-data").textContent);
  const initial = {};
  (day.stops || day.visits || []).forEach((item) => { initial[String(item.id)] = item; });

  let outbox = load(outboxKey, []);
  let refused = load(refusedKey, []);
  let answers = load(answersKey, {});
  let flushing = false;
  let retryTimer = null;
  let failures = 0;

  function load(key, fallback) {
    try {
      const value = JSON.parse(localStorage.getItem(key));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function save() {
    localStorage.setItem(outboxKey, JSON.stringify(outbox));
    localStorage.setItem(refusedKey, JSON.stringify(refused));
    localStorage.setItem(answersKey, JSON.stringify(answers));
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function clock(iso) {
    if (!iso) return "";
    const options = { hour: "2-digit", minute: "2-digit", hour12: false };
    if (root.dataset.timezone) options.timeZone = root.dataset.timezone;
    return new Date(iso).toLocaleTimeString([], options);
  }

  function view(target) {
    return Object.assign({}, initial[target] || {}, answers[target] || {});
  }

  function pending(target, action) {
    return outbox.find((e) => e.target === target && e.action === action);
  }

  // ---- entries -------------------------------------------------------------

  function enqueue(entry) {
    // A second tap on the same action (a double tap) adds nothing.
    if (pending(entry.target, entry.action)) return;
    entry.id = newId();
    entry.created = new Date().toISOString();
    outbox.push(entry);
    try {
      save();
    } catch (error) {
      outbox.pop();
      alert("This phone has no room left to keep the entry; send waiting entries first.");
      return;
    }
    render();
    flush();
  }

  function scheduleRetry() {
    clearTimeout(retryTimer);
    failures += 1;
    const delay = Math.min(60000, 2000 * Math.pow(2, Math.min(failures, 5)));
    retryTimer = setTimeout(flush, delay);
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    clearTimeout(retryTimer);
    try {
      while (outbox.length) {
        const entry = outbox[0];
        let response;
        try {
          response = await fetch(api + entry.path, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
            body: JSON.stringify(Object.assign({ submission_id: entry.id }, entry.body)),
          });
        } catch (error) {
          entry.note = "no connection";
          save();
          scheduleRetry();
          break;
        }
        if (response.ok) {
          answers[entry.target] = await response.json();
          outbox.shift();
          failures = 0;
          save();
          render();
          continue;
        }
        if (response.status >= 500 || response.status === 401 || response.status === 403) {
          entry.note = response.status === 401 || response.status === 403
            ? "sign in again to send" : "server busy, will retry";
          save();
          render();
          scheduleRetry();
          break;
        }
        // Refused for a reason a resend cannot fix: show it and go on.
        const body = await response.json().catch(() => ({}));
        refused.push({ label: entry.label, message: describeErrors(body) });
        outbox.shift();
        save();
        render();
      }
    } finally {
      flushing = false;
      render();
    }
  }

  function describeErrors(body) {
    const errors = body.errors || {};
    const parts = Object.keys(errors).map((field) => field + " " + [].concat(errors[field]).join(", "));
    return parts.length ? parts.join("; ") : body.message || "refused";
  }

  // ---- rendering -----------------------------------------------------------

  function renderOutbox() {
    const box = document.querySelector("[data-outbox]");
    const list = document.querySelector("[data-outbox-list]");
    box.hidden = outbox.length === 0;
    box.dataset.count = String(outbox.length);
    list.replaceChildren(...outbox.map((entry) => {
      const item = document.createElement("li");
      item.textContent = entry.label + (entry.note ? " (" + entry.note + ")" : "");
      return item;
    }));
    const refusedBox = document.querySelector("[data-refused]");
    refusedBox.hidden = refused.length === 0;
    document.querySelector("[data-refused-list]").replaceChildren(...refused.map((r) => {
      const item = document.createElement("li");
      item.textContent = r.label + ": " + r.message;
      return item;
    }));
    const net = document.querySelector("[data-net]");
    net.textContent = navigator.onLine ? "Online" : "Offline: entries are kept on this phone";
    net.classList.toggle("offline", !navigator.onLine);
  }

  function setState(element, text, waiting, done) {
    element.textContent = text;
    element.classList.toggle("waiting", Boolean(waiting));
    element.classList.toggle("done", Boolean(done));
  }

  function dropText(values) {
    if (values.status === "failed") {
      return "Failed: " + String(values.failure_reason || "").replace("_", " ");
    }
    return (values.status === "partial" ? "Partial: " : "Delivered: ") + values.cases + " cases";
  }

  function renderStop(card) {
    const target = card.dataset.stop;
    const stop = view(target);
    const arrival = pending(target, "arrival");
    const drop = pending(target, "drop");
    const arrived = stop.arrived_at || arrival;
    const done = stop.status || drop;
    card.querySelector("[data-arrive]").hidden = Boolean(arrived);
    card.querySelector("[data-drop-form]").hidden = !arrived || Boolean(done);
    card.classList.toggle("finished", Boolean(done));
    const state = card.querySelector("[data-state]");
    if (done) {
      const values = stop.status ? stop : drop.body;
      const arrivedAt = stop.arrived_at || (arrival && arrival.body.arrived_at);
      const departedAt = stop.departed_at || drop.body.departed_at;
      const span = " · " + clock(arrivedAt) + "–" + clock(departedAt);
      setState(state, dropText(values) + span + (drop ? " · waiting to be sent" : ""), drop, !drop);
      state.classList.toggle("failed", values.status === "failed");
    } else if (arrived) {
      const at = stop.arrived_at || arrival.body.arrived_at;
      setState(state, "Arrived " + clock(at) + (arrival ? " · waiting to be sent" : ""), arrival, false);
    } else {
      setState(state, "", false, false);
    }
  }

  function renderVisit(card) {
    const target = card.dataset.visit;
    const visit = view(target);
    const start = pending(target, "start");
    const finish = pending(target, "finish");
    const started = visit.started_at || start;
    const done = visit.outcome || finish;
    card.querySelector("[data-start]").hidden = Boolean(started);
    card.querySelector("[data-finish-form]").hidden = !started || Boolean(done);
    card.classList.toggle("finished", Boolean(done));
    const state = card.querySelector("[data-state]");
    if (done) {
      const outcome = visit.outcome || finish.body.outcome;
      setState(state, "Finished: " + outcome.replace("_", " ") + (finish ? " · waiting to be sent" : ""), finish, !finish);
    } else if (started) {
      const at = visit.started_at || start.body.started_at;
      setState(state, "Started " + clock(at) + (start ? " · waiting to be sent" : ""), start, false);
    } else {
      setState(state, "", false, false);
    }
  }

  function renderReturn() {
    const state = document.querySelector("[data-return-state]");
    if (!state) return;
    const back = pending("route", "return");
    const answer = answers.route;
    if (back) setState(state, "Back at " + clock(back.body.returned_at) + " · waiting to be sent", true, false);
    else if (answer) setState(state, "Back at " + clock(answer.returned_at) + ", " + answer.distance_km + " km", false, true);
  }

  function render() {
    renderOutbox();
    document.querySelectorAll("[data-stop]").forEach(renderStop);
    document.querySelectorAll("[data-visit]").forEach(renderVisit);
    renderReturn();
  }

  // ---- driver --------------------------------------------------------------

  function outletName(card) {
    return card.querySelector(".name").textContent;
  }

  function wireStop(card) {
    const target = card.dataset.stop;
    const form = card.querySelector("[data-drop-form]");
    const reason = form.querySelector("[data-reason]");
    const cases = form.querySelector("[data-cases]");

    function showFields() {
      const status = form.elements.status.value;
      reason.hidden = status === "delivered";
      cases.hidden = status === "failed";
      form.elements.failure_reason.required = status === "failed";
      form.elements.cases.required = status !== "failed";
    }
    form.querySelectorAll('input[name="status"]').forEach((r) => r.addEventListener("change", showFields));
    showFields();

    card.querySelector("[data-arrive]").addEventListener("click", () => {
      enqueue({
        path: "/stops/" + target + "/arrival",
        target: target,
        action: "arrival",
        label: "Arrived at " + outletName(card),
        body: { arrived_at: new Date().toISOString() },
      });
    });

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      const status = form.elements.status.value;
      const body = {
        departed_at: new Date().toISOString(),
        status: status,
        cases: status === "failed" ? 0 : Number(form.elements.cases.value),
        failure_reason: status === "delivered" ? null : (form.elements.failure_reason.value || null),
      };
      enqueue({
        path: "/stops/" + target + "/drop",
        target: target,
        action: "drop",
        label: dropText(body) + " at " + outletName(card),
        body: body,
      });
    });
  }

  function wireReturn(form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const km = form.elements.driven_km.value;
      enqueue({
        path: "/route/return",
        target: "route",
        action: "return",
        label: "Back at depot",
        body: {
          service_date: root.dataset.date,
          returned_at: new Date().toISOString(),
          driven_km: km === "" ? null : km,
        },
      });
    });
  }

  // ---- technician ----------------------------------------------------------

  const MAX_PHOTO_SIDE = 1280;

  async function photoOf(input) {
    const file = input.files && input.files[0];
    if (!file) return null;
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const url = canvas.toDataURL("image/jpeg", 0.8);
    return { content_type: "image/jpeg", data: url.slice(url.indexOf(",") + 1) };
  }

  function wireVisit(card) {
    const target = card.dataset.visit;
    const form = card.querySelector("[data-finish-form]");
    card.querySelector("[data-start]").addEventListener("click", () => {
      enqueue({
        path: "/visits/" + target + "/start",
        target: target,
        action: "start",
        label: "Started at " + outletName(card),
        body: { started_at: new Date().toISOString() },
      });
    });
    form.querySelector("[data-add-part]").addEventListener("click", (event) => {
      const row = form.querySelector(".part").cloneNode(true);
      row.querySelectorAll("input").forEach((input) => { input.value = ""; });
      event.target.before(row);
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      const finishedAt = new Date().toISOString();
      const parts = [];
      form.querySelectorAll(".part").forEach((row) => {
        const name = row.querySelector('[name="part_name"]').value.trim();
        const cost = row.querySelector('[name="part_cost"]').value;
        if (name || cost) parts.push({ name: name, cost: cost === "" ? "0" : cost });
      });
      let photo = null;
      try {
        photo = await photoOf(form.elements.photo);
      } catch (error) {
        alert("The photo could not be read; the visit is saved without it.");
      }
      enqueue({
        path: "/visits/" + target + "/finish",
        target: target,
        action: "finish",
        label: "Finished at " + outletName(card),
        body: {
          finished_at: finishedAt,
          outcome: form.elements.outcome.value,
          notes: form.elements.notes.value,
          parts: parts,
          photo: photo,
        },
      });
    });
  }

  // ---- start ---------------------------------------------------------------

  if (kind === "driver") {
    document.querySelectorAll("[data-stop]").forEach(wireStop);
    const back = document.querySelector("[data-return-form]");
    if (back) wireReturn(back);
  } else {
    document.querySelectorAll("[data-visit]").forEach(wireVisit);
  }
  document.querySelector("[data-send-now]").addEventListener("click", flush);
  window.addEventListener("online", () => { failures = 0; render(); flush(); });
  window.addEventListener("offline", render);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") flush();
  });
  setInterval(() => { if (outbox.length) flush(); }, 30000);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw, { scope: "/field/" }).catch(() => {});
  }
  // Keep this very page for a reload without a connection (the service worker
  // serves it from this cache when the network fails).
  if (window.caches && navigator.onLine) {
    caches.open("dsd-field-v1")
      .then((cache) => cache.add(location.href))
      .then(() => { root.dataset.cached = "yes"; })
      .catch(() => {});
  }
  render();
  flush();
})();
