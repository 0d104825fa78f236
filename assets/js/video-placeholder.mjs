// Click-to-load video (privacy-enhanced YouTube embed).
//
// Markup (the still image is one of ours, never a YouTube thumbnail):
//
//   <div class="app-video-placeholder" data-module="app-video-placeholder"
//        data-video-id="AbCdEfGhIjK" data-video-title="The Orphan (film)">
//     <img class="app-video-placeholder__image" src="/…/still.jpg" alt="">
//     <button type="button" class="govuk-button app-video-placeholder__button">
//       Play video from YouTube (YouTube may set cookies)
//     </button>
//   </div>
//
// Nothing is requested from YouTube until the button is pressed; then the
// placeholder's content is replaced by an iframe from youtube-nocookie.com.
import { Component } from 'govuk-frontend'

const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/
const EMBED_ORIGIN = 'https://www.youtube-nocookie.com'
const BUTTON_TEXT = 'Play video from YouTube (YouTube may set cookies)'

export class VideoPlaceholder extends Component {
  /**
   * @param {Element | null} $root - the `[data-module="app-video-placeholder"]` element
   */
  constructor ($root) {
    super($root)

    const videoId = this.$root.getAttribute('data-video-id') || ''
    if (!VIDEO_ID.test(videoId)) {
      throw new Error(`app-video-placeholder: invalid data-video-id "${videoId}"`)
    }
    this.videoId = videoId
    this.videoTitle = this.$root.getAttribute('data-video-title') || 'Video'

    let $button = this.$root.querySelector('button')
    if (!$button) {
      $button = document.createElement('button')
      $button.type = 'button'
      $button.className = 'govuk-button app-video-placeholder__button'
      $button.textContent = BUTTON_TEXT
      this.$root.appendChild($button)
    }
    $button.addEventListener('click', () => this.load(), { once: true })
  }

  load () {
    const $iframe = document.createElement('iframe')
    $iframe.className = 'app-video-placeholder__iframe'
    $iframe.title = this.videoTitle
    $iframe.setAttribute('allow', 'autoplay; encrypted-media; picture-in-picture')
    $iframe.setAttribute('allowfullscreen', '')
    // YouTube refuses to play embeds requested without a referrer (error 153),
    // so send our origin (only) even if the page's own policy is stricter.
    $iframe.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin')
    $iframe.src = `${EMBED_ORIGIN}/embed/${encodeURIComponent(this.videoId)}?autoplay=1`

    while (this.$root.firstChild) {
      this.$root.removeChild(this.$root.firstChild)
    }
    this.$root.appendChild($iframe)
    // The button that had focus is gone: move focus to the player.
    $iframe.focus()
  }
}

VideoPlaceholder.moduleName = 'app-video-placeholder'
