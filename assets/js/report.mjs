// So Safe Stevenage: the script of the report and follow-up pages. Keep this list in
// step with assets/scss/report.scss.
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
  SkipLink
} from 'govuk-frontend'

import { startAll } from './start.mjs'
import { UseMyLocation } from './use-my-location.mjs'

// Exit this page first: it is the one that must always work.
startAll([
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
  UseMyLocation
])
