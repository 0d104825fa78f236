// Starts the components a page's script names (assets/js/public.mjs, staff.mjs).
//
// Load each script at the end of <body> with <script type="module" src="…">, after the
// template's inline script that adds `govuk-frontend-supported` to <body>.
import { createAll } from 'govuk-frontend'

/**
 * createAll finds each `[data-module="…"]` element, creates the component and logs
 * (rather than throws) any error, so one broken component cannot stop the others.
 * @param {Array<Function>} components - in the order to start them
 */
export function startAll (components) {
  for (const Component of components) {
    createAll(Component)
  }
}
