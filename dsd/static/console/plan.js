// The plan page: watch the solve, then show and edit the plan.
//
// Every edit names the version it was made against and the page re-renders from
// the answer, so broken rules show at once. When someone else changed the plan
// first the service refuses the edit, and the page says so and reloads.

import { ApiError, getJson, postJson } from "./api.js";
import { el, moneyFormatter } from "./format.js";
import { routeStyle } from "./palette.js";
import { describeStop, drawLeftOut, drawRoutes, drawTotals } from "./panels.js";
import { RouteMap } from "./routemap.js";
import { drawTimeline } from "./timeline.js";

const POLL_MS = 1000;
const STALE_MESSAGE = "The plan was changed by someone else - reloaded.";

const root = document.getElementById("console");
const $ = (id) => document.getElementById(id);

const ctx = {
  api: root.dataset.api,
  canEdit: root.dataset.canEdit === "true",
  money: moneyFormatter(root.dataset.currency, Number(root.dataset.currencyExponent)),
  trucks: JSON.parse($("trucks").textContent),
  reasons: JSON.parse($("reasons").textContent),
  outletCodes: new Map(),
  sheetsUrl: $("sheets-link").getAttribute("href"),
};

const state = { plan: null, routes: [], busy: false, timer: null, dragged: null, solvingSince: null, cancelSent: false };
const routeMap = new RouteMap($("map"), root.dataset.tileUrl, root.dataset.tileAttribution);

function showMessage(text, kind = "info") {
  const message = $("message");
  message.textContent = text;
  message.className = `message ${kind}`;
  message.setAttribute("role", kind === "error" ? "alert" : "status");
  message.hidden = !text;
}

// Every active truck gets a card, with or without a route, so a stop can be
// moved onto a truck the solve left at the depot. Colours follow the truck list.
function routesOf(plan) {
  const byVehicle = new Map(plan.routes.map((route) => [route.vehicle_id, route]));
  const rows = ctx.trucks.map((truck) =>
    byVehicle.get(truck.id) || {
      route_id: null,
      vehicle_id: truck.id,
      vehicle_code: truck.code,
      driver: null,
      capacity_cases: truck.capacity_cases,
      shift: null,
      locked: false,
      distance_km: 0,
      hours: 0,
      cost_minor: 0,
      cases: 0,
      start_at: null,
      end_at: null,
      violations: [],
      stops: [],
    },
  );
  const known = new Set(ctx.trucks.map((truck) => truck.id));
  rows.push(...plan.routes.filter((route) => !known.has(route.vehicle_id)));
  return rows.map((route, index) => ({ ...route, style: routeStyle(index) }));
}

function setBusy(busy) {
  state.busy = busy;
  render();
}

function renderHead(plan) {
  const status = $("plan-status");
  status.textContent = plan.status;
  status.className = `status status-${plan.status}`;
  $("plan-version").textContent = plan.version;

  const editable = ["ready", "published"].includes(plan.status) && !state.busy;
  if (ctx.canEdit) {
    $("optimise-button").disabled = state.busy || plan.status === "solving";
    $("optimise-button").textContent = plan.routes.length ? "Re-optimise unlocked routes" : "Solve";
    $("publish-button").disabled = !editable;
    $("publish-button").textContent = plan.status === "published" ? "Publish again" : "Publish";
    $("move-button").disabled = !editable;
  }
}

function renderProgress(plan) {
  const solving = plan.status === "solving";
  $("progress").hidden = !solving;
  if (solving) {
    const progress = plan.progress || {};
    const limit = (plan.settings && plan.settings.time_limit_s) || 0;
    // The engine reports when it improves; between reports the page's own clock
    // keeps the elapsed time moving.
    state.solvingSince = state.solvingSince || Date.now() - (progress.elapsed_s || 0) * 1000;
    const elapsed = Math.max(progress.elapsed_s || 0, (Date.now() - state.solvingSince) / 1000);
    const best = progress.best_cost_minor;
    $("progress-text").textContent =
      (best === null || best === undefined
        ? `Looking for a first plan for ${plan.candidates} outlets`
        : `Best route cost so far ${ctx.money(best)}`) +
      ` · ${elapsed.toFixed(1)} s${limit ? ` of ${limit} s` : ""}`;
    $("progress-bar").value = limit ? Math.min(elapsed / limit, 1) : 0;
    const cancel = $("cancel-button");
    if (cancel) {
      cancel.disabled = state.busy || state.cancelSent;
      cancel.textContent = state.cancelSent ? "Cancelling…" : "Cancel";
    }
  } else {
    state.solvingSince = null;
    state.cancelSent = false;
  }

  const failure = $("failure");
  failure.hidden = plan.status !== "failed";
  if (plan.status === "failed") {
    failure.replaceChildren(
      el("h2", {}, "The solve failed"),
      el("p", {}, plan.error || "no reason given"),
      ctx.canEdit ? el("p", {}, "Change the trucks or outlets if needed, then solve again.") : null,
    );
  }
}

function fillMoveForm(plan, routes) {
  if (!ctx.canEdit) return;
  const outletSelect = $("move-outlet");
  const truckSelect = $("move-truck");
  const chosenOutlet = outletSelect.value;
  const chosenTruck = truckSelect.options.length ? truckSelect.value : null;

  const groups = routes
    .filter((route) => route.stops.length)
    .map((route) =>
      el(
        "optgroup",
        { label: `Truck ${route.vehicle_code}` },
        route.stops.map((stop, index) =>
          el("option", { value: stop.outlet_id }, `${index + 1}. ${stop.outlet_code} ${stop.name}`),
        ),
      ),
    );
  if (plan.left_out.length) {
    groups.push(
      el(
        "optgroup",
        { label: "Left out" },
        plan.left_out.map((outlet) => el("option", { value: outlet.outlet_id }, `${outlet.outlet_code} ${outlet.name}`)),
      ),
    );
  }
  outletSelect.replaceChildren(...groups);
  truckSelect.replaceChildren(
    ...routes.map((route) =>
      el("option", { value: route.vehicle_id, disabled: route.locked }, `Truck ${route.vehicle_code}${route.locked ? " (locked)" : ""}`),
    ),
    el("option", { value: "" }, "Leave out"),
  );
  if (chosenOutlet) outletSelect.value = chosenOutlet;
  if (chosenTruck !== null) truckSelect.value = chosenTruck;
  $("move-position").disabled = truckSelect.value === "";
}

function render() {
  const plan = state.plan;
  if (!plan) return;
  const routes = routesOf(plan);
  state.routes = routes;
  ctx.outletCodes = new Map(
    [...plan.routes.flatMap((route) => route.stops), ...plan.left_out].map((o) => [o.outlet_id, o.outlet_code]),
  );
  const editCtx = { ...ctx, canEdit: ctx.canEdit && ["ready", "published"].includes(plan.status) && !state.busy };

  renderHead(plan);
  renderProgress(plan);
  drawTotals($("totals"), plan.status === "solving" && !plan.routes.length ? null : plan.totals, ctx.money);
  const drawn = routes.filter((route) => route.stops.length);
  routeMap.draw(plan, drawn, (stop, route) => describeStop(stop, route, ctx));
  drawLegend(drawn);
  drawTimeline($("timeline"), drawn, plan.service_date);
  drawRoutes($("routes"), routes, editCtx);
  $("left-out-title").textContent =
    plan.routes.length || !["draft", "solving"].includes(plan.status) ? "Outlets left out" : "Outlets to plan";
  drawLeftOut($("left-out"), plan, editCtx);
  fillMoveForm(plan, routes);
}

function drawLegend(routes) {
  $("legend").replaceChildren(
    ...routes.map((route) =>
      el(
        "li",
        { dataset: { vehicle: route.vehicle_code } },
        el("span", { class: `swatch${route.style.dashed ? " dashed" : ""}`, style: `background:${route.style.color}` }),
        `${route.vehicle_code} (${route.stops.length})`,
      ),
    ),
    el("li", {}, el("span", { class: "legend-depot" }), "depot"),
    el("li", {}, el("span", { class: "legend-left-out" }, "×"), "left out"),
  );
}

function show(plan) {
  state.plan = plan;
  render();
  clearTimeout(state.timer);
  if (plan.status === "solving") {
    state.timer = setTimeout(load, POLL_MS);
  }
}

async function load() {
  try {
    show(await getJson(ctx.api));
  } catch (failure) {
    showMessage(`Could not load the plan: ${failure.message}`, "error");
    state.timer = setTimeout(load, POLL_MS * 5);
  }
}

// Send one edit; re-render from the answer, or reload when it came too late.
async function edit(path, body, done) {
  if (state.busy || !state.plan) return;
  setBusy(true);
  try {
    const answer = await postJson(`${ctx.api}${path}`, { ...body, version: state.plan.version });
    state.busy = false;
    if (answer && answer.routes) {
      show(answer);
    } else {
      await load();
    }
    showMessage(done);
  } catch (failure) {
    state.busy = false;
    if (failure instanceof ApiError && failure.isStaleVersion) {
      await load();
      showMessage(STALE_MESSAGE, "warning");
    } else {
      showMessage(failure instanceof ApiError ? failure.detail : String(failure), "error");
      render();
    }
  }
}

function move(outletId, vehicleId, position) {
  const code = ctx.outletCodes.get(outletId) || outletId;
  const truck = state.routes.find((route) => route.vehicle_id === vehicleId);
  const where = vehicleId === null ? "left out" : `moved to truck ${truck ? truck.vehicle_code : vehicleId}`;
  return edit("/moves", { outlet_id: outletId, vehicle_id: vehicleId, position }, `${code} ${where}.`);
}

function pickForMove(outletId) {
  const form = $("move-form");
  $("move-outlet").value = String(outletId);
  const route = state.routes.find((r) => r.stops.some((stop) => stop.outlet_id === outletId));
  $("move-position").disabled = false;
  if (route) {
    $("move-truck").value = String(route.vehicle_id);
    const index = route.stops.findIndex((stop) => stop.outlet_id === outletId);
    $("move-position").value = String(index + 1);
  } else {
    $("move-position").value = "";
    const truck = $("move-truck");
    if (truck.value === "") {
      const open = [...truck.options].find((option) => option.value && !option.disabled);
      if (open) truck.value = open.value;
    }
  }
  form.scrollIntoView({ block: "nearest", behavior: "smooth" });
  $("move-truck").focus();
}

function onAction(event) {
  const button = event.target.closest("button[data-action]");
  if (!button || state.busy) return;
  const outletId = Number(button.dataset.outletId);
  switch (button.dataset.action) {
    case "pick":
      pickForMove(outletId);
      break;
    case "leave-out":
      move(outletId, null, null);
      break;
    case "lock": {
      const locked = button.dataset.locked !== "true";
      const vehicleId = Number(button.dataset.vehicleId);
      const route = state.routes.find((r) => r.vehicle_id === vehicleId);
      edit("/locks", { vehicle_id: vehicleId, locked }, `Route of truck ${route.vehicle_code} ${locked ? "locked" : "unlocked"}.`);
      break;
    }
  }
}

// Dragging: a stop or an outlet left out onto a stop (to take its place), onto
// a route's list (to go last), or onto the left-out list (to leave it out).
function dropTarget(event) {
  const stop = event.target.closest("li.stop");
  const list = event.target.closest("ol.stops");
  if (list && list.dataset.locked !== "true") return { list, stop };
  if (event.target.closest("#left-out")) return { leaveOut: true };
  return null;
}

function onDragStart(event) {
  const item = event.target.closest("[data-outlet-id][draggable]");
  if (!item) return;
  state.dragged = {
    outletId: Number(item.dataset.outletId),
    vehicleId: item.dataset.vehicleId ? Number(item.dataset.vehicleId) : null,
    position: item.dataset.position ? Number(item.dataset.position) : null,
  };
  event.dataTransfer.effectAllowed = "move";
  event.dataTransfer.setData("text/plain", item.dataset.outletCode);
  item.classList.add("dragging");
}

function onDragOver(event) {
  if (!state.dragged) return;
  const target = dropTarget(event);
  if (!target) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  document.querySelectorAll(".drop-here").forEach((node) => node.classList.remove("drop-here"));
  (target.stop || target.list || $("left-out")).classList.add("drop-here");
}

function onDragEnd() {
  state.dragged = null;
  document.querySelectorAll(".drop-here, .dragging").forEach((node) => node.classList.remove("drop-here", "dragging"));
}

function onDrop(event) {
  const dragged = state.dragged;
  const target = dropTarget(event);
  onDragEnd();
  if (!dragged || !target) return;
  event.preventDefault();
  if (target.leaveOut) {
    if (dragged.vehicleId !== null) move(dragged.outletId, null, null);
    return;
  }
  const vehicleId = Number(target.list.dataset.vehicleId);
  let position = target.stop ? Number(target.stop.dataset.position) : null;
  if (vehicleId === dragged.vehicleId && position !== null && dragged.position < position) {
    position -= 1; // the stop leaves its old place first
  }
  if (vehicleId === dragged.vehicleId && (position === dragged.position || (position === null && target.list.lastElementChild.dataset.outletId === String(dragged.outletId)))) {
    return;
  }
  move(dragged.outletId, vehicleId, position);
}

function bind() {
  for (const id of ["routes", "left-out"]) {
    const zone = $(id);
    zone.addEventListener("click", onAction);
    zone.addEventListener("dragstart", onDragStart);
    zone.addEventListener("dragover", onDragOver);
    zone.addEventListener("drop", onDrop);
    zone.addEventListener("dragend", onDragEnd);
  }
  if (!ctx.canEdit) return;

  // A stop left out has no position; the field says so rather than being ignored.
  $("move-truck").addEventListener("change", () => {
    $("move-position").disabled = $("move-truck").value === "";
  });
  $("move-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const truck = $("move-truck").value;
    const position = $("move-position").value;
    move(
      Number($("move-outlet").value),
      truck === "" ? null : Number(truck),
      truck === "" || position === "" ? null : Math.max(Number(position) - 1, 0),
    );
  });
  $("optimise-button").addEventListener("click", () =>
    edit("/optimise", {}, "Solving again; locked routes stay as they are."),
  );
  $("publish-button").addEventListener("click", () =>
    edit("/publish", {}, "Published: each driver now sees their own route."),
  );
  $("cancel-button").addEventListener("click", async () => {
    try {
      await postJson(`${ctx.api}/cancel`, {});
      state.cancelSent = true;
      renderProgress(state.plan);
      showMessage("Cancelling: the solve stops at its next progress report and keeps the best plan found so far.");
    } catch (failure) {
      showMessage(failure.detail || String(failure), "error");
    }
  });
}

bind();
load();
// Between polls the elapsed time still moves on.
setInterval(() => {
  if (state.plan && state.plan.status === "solving") renderProgress(state.plan);
}, 250);
