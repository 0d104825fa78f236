// The inbox's "Filter and search" (app/templates/staff/inbox.html) comes open, for a
// desktop with room beside the list. On a phone it folds away, unless something is
// filtered (then the person needs to see what), so the list comes first below the counts.
//
// Markup: <details data-module="app-inbox-filters" open [data-keep-open]>
import { Component } from 'govuk-frontend'

export class InboxFilters extends Component {
  static moduleName = 'app-inbox-filters'

  /**
   * @param {Element | null} $root - the filters' `<details>`
   */
  constructor ($root) {
    super($root)
    if ($root instanceof HTMLDetailsElement && !$root.hasAttribute('data-keep-open') &&
        window.matchMedia('(max-width: 40.0525em)').matches) {
      $root.open = false
    }
  }
}
