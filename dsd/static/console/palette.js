// Route colours: twelve hues that stay apart for most colour vision, on a light
// map. Past twelve trucks the hues repeat with a dashed line, and every route is
// also labelled with its truck code, so colour is never the only cue.

const HUES = [
  "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
  "#332288", "#999933", "#882255", "#44aa99", "#8c564b", "#aa4499",
];

export function routeStyle(index) {
  return {
    color: HUES[index % HUES.length],
    dashed: Math.floor(index / HUES.length) % 2 === 1,
  };
}
