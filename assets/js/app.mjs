// Starts GOV.UK Frontend's components (error summary focus, header menu, character counts, ...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// A background job's page (core/job.html) asks for itself again every few seconds while the job
// runs and puts the new status region in place of the old one (role="status", so screen readers
// hear the progress), stopping once the job has finished. Without JavaScript the page has a link
// to check again.
const jobStatus = document.querySelector("[data-job-poll]");
const every = Number(jobStatus?.dataset.jobPoll || 0);

async function pollJob() {
  try {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-job-poll]");
    if (!fresh) return;
    if (fresh.innerHTML !== jobStatus.innerHTML) jobStatus.innerHTML = fresh.innerHTML;
    if (fresh.dataset.jobPoll) window.setTimeout(pollJob, every);
  } catch {
    window.setTimeout(pollJob, every * 5);
  }
}

if (jobStatus && every > 0) window.setTimeout(pollJob, every);
