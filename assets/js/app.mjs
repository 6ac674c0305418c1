// Starts GOV.UK Frontend's components (error summary focus, header menu, character counts, ...).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
