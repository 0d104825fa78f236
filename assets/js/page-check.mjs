// The accessibility check of the editor's preview (app/templates/components/page_checks.html).
//
// The server already lists the four things markdown most often gets wrong (missing image
// descriptions, empty links, skipped heading levels, "click here" links), with or without
// JavaScript. With JavaScript, this runs axe-core on the preview as the browser draws it
// and lists what it finds too. axe-core is one of our own static files (app/static/dist,
// built from the pinned npm package by scripts/build_assets.mjs): nothing comes from
// anywhere else, and the page's Content-Security-Policy needs no exception.
//
// Markup:
//
//   <div class="app-preview__page">…the page as readers will see it…</div>
//   <div class="app-page-checks__axe" data-axe-src="/static/dist/axe-….js"></div>
//
// The live preview (page-preview.mjs) sends `app:preview-drawn` each time it draws a
// new preview; the check runs again then.

// Rules about a whole page (landmarks, the title, one <h1>) do not apply to a preview
// drawn inside the editor; heading levels are the server's check, which knows the page's
// title is its level 1 heading.
const WHOLE_PAGE_RULES = ['region', 'landmark-one-main', 'page-has-heading-one',
  'document-title', 'html-has-lang', 'bypass', 'heading-order']

let loading = null

function loadAxe (src) {
  if (window.axe) return Promise.resolve(window.axe)
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const $script = document.createElement('script')
      $script.src = src
      $script.addEventListener('load', () => resolve(window.axe))
      $script.addEventListener('error', () => reject(new Error('axe-core did not load')))
      document.head.append($script)
    })
  }
  return loading
}

function show ($box, violations) {
  const $heading = document.createElement('p')
  $heading.className = 'govuk-body govuk-!-font-weight-bold'
  const $list = document.createElement('ul')
  $list.className = 'govuk-list govuk-list--bullet'
  if (!violations.length) {
    $heading.textContent = 'The automatic accessibility check (axe-core) found nothing else to fix.'
  } else {
    $heading.textContent = 'The automatic accessibility check (axe-core) also found:'
    for (const violation of violations) {
      const $item = document.createElement('li')
      $item.dataset.axeRule = violation.id
      const times = violation.nodes.length === 1 ? 'once' : `${violation.nodes.length} times`
      $item.textContent = `${violation.help} (${times})`
      $list.append($item)
    }
  }
  $box.replaceChildren($heading, ...(violations.length ? [$list] : []))
  $box.dataset.axeDone = 'true'
}

async function check () {
  const $box = document.querySelector('.app-page-checks__axe')
  const $preview = document.querySelector('.app-preview__page')
  if (!$box || !$preview || !$box.dataset.axeSrc) return
  try {
    const axe = await loadAxe($box.dataset.axeSrc)
    const rules = Object.fromEntries(WHOLE_PAGE_RULES.map((id) => [id, { enabled: false }]))
    const results = await axe.run($preview, { rules, resultTypes: ['violations'] })
    // The preview may have been drawn again while axe ran: only the newest is shown.
    if ($box.isConnected) show($box, results.violations)
  } catch (error) {
    $box.textContent = 'The automatic accessibility check could not run. The list above still applies.'
    $box.dataset.axeDone = 'error'
  }
}

export function startPageCheck () {
  document.addEventListener('app:preview-drawn', () => { check() })
  check()
}
