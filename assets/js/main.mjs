// So Safe Stevenage: the site's one script.
//
// Load it at the end of <body> with <script type="module" src="…/main-<hash>.js">
// after the template's inline script that adds `govuk-frontend-supported` to
// <body>. Only the GOV.UK Frontend components we use are imported, so the
// bundle stays small; keep this list in step with assets/scss/main.scss.
import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  ExitThisPage,
  FileUpload,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink,
  createAll
} from 'govuk-frontend'

import { PagePreview } from './page-preview.mjs'
import { UseMyLocation } from './use-my-location.mjs'
import { VideoPlaceholder } from './video-placeholder.mjs'

// Exit this page first: it is the one that must always work.
const components = [
  ExitThisPage,
  SkipLink,
  ErrorSummary,
  Button,
  CharacterCount,
  Checkboxes,
  FileUpload,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  UseMyLocation,
  PagePreview,
  VideoPlaceholder
]

// createAll finds each `[data-module="…"]` element, creates the component and
// logs (rather than throws) any error, so one broken component cannot stop
// the others, above all Exit this page.
for (const Component of components) {
  createAll(Component)
}
