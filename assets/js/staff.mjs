// So Safe Stevenage: the script of the staff area (staff/layout.html). Keep this list in
// step with assets/scss/staff.scss.
import {
  Button,
  CharacterCount,
  Checkboxes,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  SkipLink
} from 'govuk-frontend'

import { startPageCheck } from './page-check.mjs'
import { InboxFilters } from './inbox-filters.mjs'
import { PagePreview } from './page-preview.mjs'
import { startAll } from './start.mjs'

startAll([
  SkipLink,
  ErrorSummary,
  Button,
  CharacterCount,
  Checkboxes,
  FileUpload,
  NotificationBanner,
  Radios,
  ServiceNavigation,
  PagePreview,
  InboxFilters
])
startPageCheck()
