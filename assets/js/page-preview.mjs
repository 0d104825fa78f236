// Live preview in the page editor (app/templates/publishing/edit.html).
//
// While someone types, the form is sent as if they had pressed Preview, at
// most once per pause, and the preview box is swapped for the one the server
// drew. The server renders it through the same cleaning renderer as the
// published page; this script only moves that HTML across. Without JavaScript
// the Preview button does the same, a page at a time.
//
// Markup:
//
//   <form data-module="app-page-preview" method="post" action="…">
//     … <button name="preview" value="y">Preview</button> …
//   </form>
//   <div class="app-preview-slot">…the preview, when there is one…</div>
import { Component } from 'govuk-frontend'

// Long enough not to send a request per key, short enough to feel live.
const PAUSE_MS = 700

export class PagePreview extends Component {
  /**
   * @param {Element | null} $root - the editor's `<form>`
   */
  constructor ($root) {
    super($root)

    const $slot = document.querySelector('.app-preview-slot')
    if (!($root instanceof HTMLFormElement) || !$slot) {
      throw new Error('app-page-preview: needs a <form> and a .app-preview-slot')
    }
    this.$form = $root
    this.$slot = $slot
    this.timer = 0
    this.latest = 0
    this.$form.addEventListener('input', () => {
      window.clearTimeout(this.timer)
      this.timer = window.setTimeout(() => this.refresh(), PAUSE_MS)
    })
  }

  async refresh () {
    const number = ++this.latest
    const data = new FormData(this.$form)
    data.set('preview', 'y')
    let response
    try {
      // A redirect means the person was signed out: leave the page as it is.
      response = await fetch(this.$form.action, {
        method: 'POST', body: data, credentials: 'same-origin', redirect: 'error'
      })
    } catch {
      return
    }
    if (!response.ok || number !== this.latest) {
      return
    }
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    const $fresh = page.querySelector('.app-preview-slot')
    if ($fresh && number === this.latest) {
      this.$slot.replaceChildren(...Array.from($fresh.childNodes))
      document.dispatchEvent(new CustomEvent('app:preview-drawn'))
    }
  }
}

PagePreview.moduleName = 'app-page-preview'
