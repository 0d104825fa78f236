// So Safe Stevenage: the script of the pages people read (home, help, campaigns,
// information, errors). Only the GOV.UK Frontend components these pages use are
// imported, so the bundle stays small; keep this list in step with
// assets/scss/public.scss.
import {
  Button,
  ExitThisPage,
  NotificationBanner,
  ServiceNavigation,
  SkipLink
} from 'govuk-frontend'

import { startAll } from './start.mjs'
import { VideoPlaceholder } from './video-placeholder.mjs'

// Exit this page first: it is the one that must always work.
startAll([ExitThisPage, SkipLink, Button, NotificationBanner, ServiceNavigation,
  VideoPlaceholder])
