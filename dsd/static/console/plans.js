// The plan list page: create a plan for a date, then open it to watch the solve.

import { postJson } from "./api.js";

const form = document.getElementById("create-plan");

if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = document.getElementById("create-error");
    const button = document.getElementById("create-button");
    const limit = document.getElementById("time-limit").value;
    const body = {
      service_date: document.getElementById("service-date").value,
      settings: limit ? { time_limit_s: Number(limit) } : {},
      solve: true,
    };

    error.hidden = true;
    button.disabled = true;
    try {
      const plan = await postJson(form.dataset.api, body);
      window.location.assign(`${form.dataset.page}/${plan.id}`);
    } catch (failure) {
      error.textContent = failure.detail || String(failure);
      error.hidden = false;
      button.disabled = false;
    }
  });
}
