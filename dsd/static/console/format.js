// Money, times and rule breaks written the way a dispatcher reads them.

// Integer minor units as major units with the currency code: 12345 EUR -> "123.45 EUR".
export function moneyFormatter(currency, exponent) {
  const number = new Intl.NumberFormat("en-GB", {
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  return (minor) => {
    if (minor === null || minor === undefined) return "–";
    return `${number.format(minor / 10 ** exponent)} ${currency}`;
  };
}

// "2026-03-10T07:42:00+01:00" -> "07:42": the wall clock at the depot, whatever
// the browser's own time zone.
export function clock(localIso) {
  return localIso ? localIso.slice(11, 16) : "–";
}

// Minutes from the service date's midnight to a local ISO time (may exceed 1440).
export function minutesOfDay(localIso, serviceDate) {
  const day = Date.UTC(...isoDateParts(serviceDate));
  const [date, time] = localIso.slice(0, 19).split("T");
  const [hours, minutes, seconds] = time.split(":").map(Number);
  const offsetDays = (Date.UTC(...isoDateParts(date)) - day) / 86400000;
  return offsetDays * 1440 + hours * 60 + minutes + seconds / 60;
}

function isoDateParts(isoDate) {
  const [year, month, day] = isoDate.split("-").map(Number);
  return [year, month - 1, day];
}

export function hhmm(minutes) {
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60) % 24;
  const m = whole % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}

function minutesText(seconds) {
  return `${Math.max(1, Math.round(seconds / 60))} min`;
}

function amountText(amount) {
  return Number.isInteger(amount) ? String(amount) : amount.toFixed(1);
}

// One broken rule of a route as a short sentence.
export function violationText(violation, outletCodes) {
  const where = outletCodes.get(violation.outlet_id) || `outlet ${violation.outlet_id}`;
  switch (violation.kind) {
    case "capacity":
      return `over capacity by ${amountText(violation.amount)} ${violation.dimension || "cases"}`;
    case "window":
      return `late by ${minutesText(violation.amount)} at ${where}`;
    case "shift":
      return `over shift by ${minutesText(violation.amount)}`;
    default:
      return `${violation.kind} rule broken`;
  }
}

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// A small element builder: el("li", {class: "x", dataset: {id: 3}}, "text", child).
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "dataset") Object.assign(element.dataset, value);
    else if (name === "style") element.style.cssText = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else element.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}
