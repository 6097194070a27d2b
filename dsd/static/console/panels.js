// The plan's lists: totals, one card per truck with its stops in order, and the
// outlets left out with the money behind each decision.

import { clock, el, violationText } from "./format.js";

// Reasons for which no route can take the outlet at any cost.
const UNSERVABLE = new Set(["window_unreachable", "demand_exceeds_every_truck"]);

export function drawTotals(container, totals, money) {
  container.replaceChildren();
  if (!totals) {
    container.append(el("p", { class: "muted" }, "Figures appear once the plan is solved."));
    return;
  }
  const mustLeft = totals.must_visit_left_out
    ? ` (${totals.must_visit_left_out} must-visit)`
    : "";
  const rows = [
    ["Routes", totals.routes],
    ["Stops served", totals.stops_served],
    ["Outlets left out", `${totals.stops_left_out}${mustLeft}`],
    ["Distance", `${totals.distance_km} km`],
    ["Hours", `${totals.hours} h`],
    ["Route cost", money(totals.route_cost_minor)],
    ["Cases", totals.cases],
    ["Value served", money(totals.value_served_minor)],
    ["Value left out", money(totals.value_left_out_minor)],
    ["Broken rules", totals.violations],
  ];
  for (const [name, value] of rows) {
    const key = name.toLowerCase().replaceAll(" ", "-");
    container.append(
      el("div", { class: `total total-${key}` }, el("dt", {}, name), el("dd", { dataset: { total: key } }, value)),
    );
  }
}

function violationBadges(route, outletCodes) {
  if (!route.violations.length) return null;
  return el(
    "ul",
    { class: "badges", "aria-label": `Rules broken by truck ${route.vehicle_code}` },
    route.violations.map((v) => el("li", { class: "badge violation" }, violationText(v, outletCodes))),
  );
}

function stopItem(route, stop, index, ctx) {
  const lateAt = route.violations.some((v) => v.kind === "window" && v.outlet_id === stop.outlet_id);
  const windows = stop.receiving_windows.join(", ") || "any time";
  const editable = ctx.canEdit && !route.locked;
  return el(
    "li",
    {
      class: `stop${lateAt ? " late" : ""}`,
      draggable: editable ? "true" : null,
      dataset: { outletId: stop.outlet_id, outletCode: stop.outlet_code, vehicleId: route.vehicle_id, position: index },
    },
    el("span", { class: "seq", style: `background:${route.style.color}` }, String(index + 1)),
    el(
      "div",
      { class: "stop-main" },
      el("span", { class: "stop-name" }, el("b", {}, stop.outlet_code), " ", stop.name),
      el(
        "span",
        { class: "stop-times" },
        `${clock(stop.arrival_at)}–${clock(stop.departure_at)}`,
        stop.wait_s > 0 ? ` (waits ${Math.round(stop.wait_s / 60)} min)` : "",
        ` · window ${windows} · ${stop.drop_cases} cases`,
        stop.must_visit ? " · must visit" : "",
      ),
    ),
    el(
      "div",
      { class: "stop-money" },
      el("span", { class: "value", title: "value of this drop" }, `value ${ctx.money(stop.value_minor)}`),
      el("span", { class: "marginal", title: "route cost saved if this stop were removed" }, `costs ${ctx.money(stop.marginal_cost_minor)}`),
    ),
    editable
      ? el(
          "div",
          { class: "stop-actions" },
          el("button", { type: "button", class: "small secondary", dataset: { action: "pick", outletId: stop.outlet_id } }, "Move…"),
          el("button", { type: "button", class: "small secondary", dataset: { action: "leave-out", outletId: stop.outlet_id } }, "Leave out"),
        )
      : null,
  );
}

export function drawRoutes(container, routes, ctx) {
  container.replaceChildren();
  for (const route of routes) {
    const figures = route.stops.length
      ? `${route.stops.length} stops · ${route.cases}/${route.capacity_cases} cases · ` +
        `${route.distance_km} km · ${route.hours} h · ${ctx.money(route.cost_minor)} · ` +
        `out ${clock(route.start_at)}–${clock(route.end_at)}`
      : `no stops · ${route.capacity_cases} cases of room`;
    const lockButton = ctx.canEdit && route.route_id
      ? el(
          "button",
          {
            type: "button",
            class: "small secondary lock",
            "aria-pressed": route.locked ? "true" : "false",
            dataset: { action: "lock", vehicleId: route.vehicle_id, locked: route.locked },
          },
          route.locked ? "Unlock route" : "Lock route",
        )
      : null;
    const list = el(
      "ol",
      { class: "stops", dataset: { vehicleId: route.vehicle_id, locked: route.locked }, "aria-label": `Stops of truck ${route.vehicle_code}` },
      route.stops.map((stop, index) => stopItem(route, stop, index, ctx)),
    );
    if (!route.stops.length) {
      list.append(el("li", { class: "empty muted" }, ctx.canEdit ? "Drop a stop here" : "No stops"));
    }
    container.append(
      el(
        "article",
        {
          class: `route-card${route.locked ? " locked" : ""}${route.violations.length ? " broken" : ""}`,
          dataset: { vehicle: route.vehicle_code, vehicleId: route.vehicle_id },
          style: `border-top-color:${route.style.color}`,
        },
        el(
          "header",
          {},
          el("span", { class: "swatch", style: `background:${route.style.color}` }),
          el("h3", {}, `Truck ${route.vehicle_code}`),
          route.locked ? el("span", { class: "badge locked-badge" }, "locked") : null,
          el("span", { class: "muted driver" }, route.driver || "no driver"),
          route.stops.length
            ? el("a", { class: "sheet-link", href: `${ctx.sheetsUrl}?vehicle=${route.vehicle_id}` }, "Route sheet")
            : null,
          lockButton,
        ),
        el("p", { class: "route-figures" }, figures, route.shift ? ` · shift ${route.shift}` : ""),
        violationBadges(route, ctx.outletCodes),
        list,
      ),
    );
  }
}

export function drawLeftOut(container, plan, ctx) {
  container.replaceChildren();
  const outlets = plan.left_out;
  if (!outlets.length) {
    container.append(el("p", { class: "muted drop-zone-note" }, "Every candidate outlet is served."));
    return;
  }
  const solved = !["draft", "solving"].includes(plan.status) || plan.routes.length;
  const rows = outlets.map((outlet) =>
    el(
      "tr",
      {
        class: "left-out-row",
        draggable: ctx.canEdit && solved ? "true" : null,
        dataset: { outletId: outlet.outlet_id, outletCode: outlet.outlet_code },
      },
      el("td", {}, el("b", {}, outlet.outlet_code), " ", outlet.name, outlet.must_visit ? el("span", { class: "badge must" }, "must visit") : null),
      el("td", {}, solved ? ctx.reasons[outlet.reason] || outlet.reason || "–" : "not planned yet",
        outlet.detail ? el("div", { class: "muted small-text" }, outlet.detail) : null),
      el("td", { class: "num" }, outlet.drop_cases),
      el("td", { class: "num" }, ctx.money(outlet.value_minor)),
      el(
        "td",
        { class: "num" },
        outlet.forcing_cost_minor === null && solved && UNSERVABLE.has(outlet.reason)
          ? "cannot be served"
          : ctx.money(outlet.forcing_cost_minor),
      ),
      el(
        "td",
        {},
        ctx.canEdit && solved
          ? el("button", { type: "button", class: "small secondary", dataset: { action: "pick", outletId: outlet.outlet_id } }, "Put on a route…")
          : null,
      ),
    ),
  );
  container.append(
    el(
      "table",
      { class: "left-out-table" },
      el("thead", {}, el("tr", {},
        el("th", { scope: "col" }, "Outlet"),
        el("th", { scope: "col" }, "Why left out"),
        el("th", { scope: "col", class: "num" }, "Cases"),
        el("th", { scope: "col", class: "num" }, "Value"),
        el("th", { scope: "col", class: "num" }, "Cost to force in"),
        el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Actions")),
      )),
      el("tbody", {}, rows),
    ),
  );
}

// The contents of a map popup for a stop or an outlet left out.
export function describeStop(stop, route, ctx) {
  return el(
    "div",
    { class: "popup" },
    el("b", {}, stop.outlet_code), " ", stop.name,
    el("div", {}, stop.address || ""),
    route
      ? el("div", {}, `Truck ${route.vehicle_code}, stop ${stop.sequence + 1}: ${clock(stop.arrival_at)}–${clock(stop.departure_at)}`)
      : el("div", {}, `Left out: ${ctx.reasons[stop.reason] || stop.reason || "not planned yet"}`),
    el("div", {}, `Window ${stop.receiving_windows.join(", ") || "any time"} · ${stop.drop_cases} cases`),
    el("div", {}, `Value ${ctx.money(stop.value_minor)} · `,
      route ? `costs ${ctx.money(stop.marginal_cost_minor)}` : `forcing in costs ${ctx.money(stop.forcing_cost_minor)}`),
  );
}
