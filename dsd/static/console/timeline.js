// A timeline per truck: one row each, a block per stop from arrival to
// departure (its wait for the receiving window hatched), on one axis of local
// clock times shared by every row.

import { clock, el, hhmm, minutesOfDay } from "./format.js";

function axisRange(routes, serviceDate) {
  let first = Infinity;
  let last = -Infinity;
  for (const route of routes) {
    if (!route.start_at || !route.end_at) continue;
    first = Math.min(first, minutesOfDay(route.start_at, serviceDate));
    last = Math.max(last, minutesOfDay(route.end_at, serviceDate));
  }
  if (first === Infinity) return null;
  return [Math.floor(first / 60) * 60, Math.max(Math.ceil(last / 60) * 60, first + 60)];
}

export function drawTimeline(container, routes, serviceDate) {
  container.replaceChildren();
  const range = axisRange(routes, serviceDate);
  if (!range) {
    container.append(el("p", { class: "muted" }, "No truck has a route yet."));
    return;
  }

  const [start, end] = range;
  const span = end - start;
  const at = (minutes) => `${((minutes - start) / span) * 100}%`;
  const width = (from, to) => `${Math.max(((to - from) / span) * 100, 0.25)}%`;

  // Half-hour ticks on a short day, hourly ones otherwise.
  const step = span <= 180 ? 30 : 60;
  const axis = el("div", { class: "timeline-axis", "aria-hidden": "true" });
  for (let tick = start; tick <= end; tick += step) {
    axis.append(el("span", { class: "tick", style: `left:${at(tick)}` }, hhmm(tick)));
  }
  container.append(el("div", { class: "timeline-row axis-row" }, el("div", { class: "timeline-label" }), axis));

  for (const route of routes) {
    const track = el("div", { class: "timeline-track" });
    for (let tick = start; tick <= end; tick += step) {
      track.append(el("span", { class: "gridline", style: `left:${at(tick)}` }));
    }
    if (route.start_at && route.end_at) {
      const from = minutesOfDay(route.start_at, serviceDate);
      const to = minutesOfDay(route.end_at, serviceDate);
      track.append(
        el("span", {
          class: "shift-bar",
          style: `left:${at(from)};width:${width(from, to)};background:${route.style.color}`,
          title: `Truck ${route.vehicle_code} out ${clock(route.start_at)}–${clock(route.end_at)}`,
        }),
      );
    }
    route.stops.forEach((stop, index) => {
      if (!stop.arrival_at || !stop.departure_at) return;
      const arrival = minutesOfDay(stop.arrival_at, serviceDate);
      const to = minutesOfDay(stop.departure_at, serviceDate);
      const from = Math.min(arrival + (stop.wait_s || 0) / 60, to);
      if (from > arrival) {
        track.append(
          el("span", {
            class: "wait-block",
            style: `left:${at(arrival)};width:${width(arrival, from)};border-color:${route.style.color}`,
            title: `${stop.outlet_code}: waits ${Math.round(from - arrival)} min for its window`,
          }),
        );
      }
      track.append(
        el(
          "span",
          {
            class: "stop-block",
            style: `left:${at(from)};width:${width(from, to)};border-color:${route.style.color}`,
            title: `${index + 1}. ${stop.outlet_code} ${stop.name}: arrives ${clock(stop.arrival_at)}, leaves ${clock(stop.departure_at)}`,
            dataset: { outletId: stop.outlet_id },
          },
          String(index + 1),
        ),
      );
    });
    const label = el(
      "div",
      { class: "timeline-label" },
      el("span", { class: "swatch", style: `background:${route.style.color}` }),
      route.vehicle_code,
    );
    const broken = route.violations.length ? " has-violations" : "";
    container.append(
      el("div", { class: `timeline-row${broken}`, dataset: { vehicle: route.vehicle_code } }, label, track),
    );
  }
}
