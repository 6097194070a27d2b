// Calls to the service's REST API from a signed-in page.
//
// The session cookie identifies the user; every write also carries the page's
// CSRF token, which the API checks before it changes anything.

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `the service answered ${status}`);
    this.status = status;
    this.errors = (body && body.errors) || {};
  }

  // True when the plan moved on to a newer version than the one edited.
  get isStaleVersion() {
    return this.status === 409 && "version" in this.errors;
  }

  // The first message of each field, as one readable line.
  get detail() {
    const parts = Object.entries(this.errors).map(([field, messages]) => {
      const first = Array.isArray(messages) ? messages[0] : JSON.stringify(messages);
      return `${field} ${first}`;
    });
    return parts.length ? `${this.message}: ${parts.join("; ")}` : this.message;
  }
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export async function request(method, url, body) {
  const options = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  };
  if (method !== "GET") {
    options.headers["Content-Type"] = "application/json";
    options.headers["X-CSRF-Token"] = csrfToken();
    options.body = JSON.stringify(body || {});
  }
  const response = await fetch(url, options);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { message: `the service answered ${response.status}` };
  }
  if (!response.ok) {
    throw new ApiError(response.status, data);
  }
  return data;
}

export const getJson = (url) => request("GET", url);
export const postJson = (url, body) => request("POST", url, body);
