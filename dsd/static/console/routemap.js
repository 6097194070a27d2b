// The plan on a Leaflet map: the depot, each route as a line in its truck's
// colour with numbered stops, and the outlets left out as hollow markers.
//
// Tiles are decoration: the map draws its routes and markers on a blank
// background when the tile server cannot be reached, and never waits for it.

import { escapeHtml } from "./format.js";

export class RouteMap {
  constructor(element, tileUrl, attribution) {
    this.element = element;
    this.fitted = false;
    if (!window.L) {
      element.classList.add("map-missing");
      element.textContent =
        "The map library is not installed on the server (run the install step); " +
        "the routes are listed below.";
      return;
    }
    this.map = L.map(element, { zoomSnap: 0.25, preferCanvas: false });
    if (tileUrl) {
      L.tileLayer(tileUrl, { maxZoom: 19, attribution: attribution || "" }).addTo(this.map);
    }
    this.layers = L.layerGroup().addTo(this.map);
    this.map.setView([0, 0], 2);
  }

  // Draw the plan afresh; the view is fitted to it the first time only, so an
  // edit does not move the map under the dispatcher's hands.
  draw(plan, routes, describeStop) {
    if (!this.map) return;
    this.layers.clearLayers();
    const depot = [plan.depot.lat, plan.depot.lon];
    const bounds = L.latLngBounds([depot, depot]);

    for (const route of routes) {
      if (!route.stops.length) continue;
      const points = route.stops.map((stop) => [stop.lat, stop.lon]);
      const line = L.polyline([depot, ...points, depot], {
        color: route.style.color,
        weight: 4,
        opacity: 0.85,
        dashArray: route.style.dashed ? "10 7" : null,
        className: "route-line",
      }).addTo(this.layers);
      line.getElement().dataset.vehicle = route.vehicle_code;
      line.bindTooltip(`Truck ${escapeHtml(route.vehicle_code)}`, { sticky: true });

      route.stops.forEach((stop, index) => {
        bounds.extend([stop.lat, stop.lon]);
        const marker = L.marker([stop.lat, stop.lon], {
          icon: L.divIcon({
            className: "stop-marker",
            html: `<span style="background:${route.style.color}">${index + 1}</span>`,
            iconSize: [22, 22],
          }),
          keyboard: false,
          title: `${route.vehicle_code} stop ${index + 1}: ${stop.outlet_code}`,
        }).addTo(this.layers);
        marker.getElement().dataset.vehicle = route.vehicle_code;
        marker.bindPopup(describeStop(stop, route));
      });

      const middle = route.stops[Math.floor((route.stops.length - 1) / 2)];
      L.marker([middle.lat, middle.lon], {
        icon: L.divIcon({
          className: "route-label",
          html: `<span style="border-color:${route.style.color}">${escapeHtml(route.vehicle_code)}</span>`,
          iconSize: null,
          iconAnchor: [-12, 24],
        }),
        interactive: false,
        keyboard: false,
      }).addTo(this.layers);
    }

    for (const outlet of plan.left_out) {
      bounds.extend([outlet.lat, outlet.lon]);
      const marker = L.marker([outlet.lat, outlet.lon], {
        icon: L.divIcon({ className: "left-out-marker", html: "<span>×</span>", iconSize: [18, 18] }),
        keyboard: false,
        title: `left out: ${outlet.outlet_code}`,
      }).addTo(this.layers);
      marker.bindPopup(describeStop(outlet, null));
    }

    L.marker(depot, {
      icon: L.divIcon({ className: "depot-marker", html: "<span>Depot</span>", iconSize: null }),
      keyboard: false,
      title: "Depot",
      zIndexOffset: 1000,
    }).addTo(this.layers);

    if (!this.fitted) {
      this.map.fitBounds(bounds.pad(0.08), { maxZoom: 15 });
      this.fitted = true;
    }
  }

  // Leaflet measures its box once; tell it when the page layout changed.
  refreshSize() {
    if (this.map) this.map.invalidateSize();
  }
}
