// "Use my location": an opt-in button that fills a text field with the
// phone's position. Nothing happens (and no permission prompt appears) until
// the button is pressed; no request leaves the browser.
//
// Markup (empty without JavaScript, so nothing shows that cannot work):
//
//   <textarea class="govuk-textarea" id="where" name="where"></textarea>
//   <div class="app-use-my-location" data-module="app-use-my-location"
//        data-target="where" data-hint="Tap it to put where you are in the box."></div>
//
// The button, and the hint that goes with it, only appear on a phone or tablet (a touch
// screen is the main pointer) that can share its location: on a computer the person is
// rarely where it happened. Optional: data-button-text="…" to change the button's text.
import { Component } from 'govuk-frontend'

const LOCATION_TEXT = /Latitude, longitude: -?\d+\.\d+, -?\d+\.\d+ \(from my phone\)/

const MESSAGES = {
  finding: 'Finding your location…',
  added: 'We added your location to the box. Check it, and add anything else that helps find the place.',
  denied: 'Your location was not shared. Type the place instead, for example a street name, a building or a landmark.',
  unavailable: 'We could not find your location. Type the place instead, for example a street name, a building or a landmark.',
  timeout: 'Finding your location took too long. Try again, or type the place instead.'
}

export class UseMyLocation extends Component {
  /**
   * @param {Element | null} $root - the `[data-module="app-use-my-location"]` element
   */
  constructor ($root) {
    super($root)

    const targetId = this.$root.getAttribute('data-target') || ''
    const $target = document.getElementById(targetId)
    if (!($target instanceof HTMLInputElement || $target instanceof HTMLTextAreaElement)) {
      throw new Error(`app-use-my-location: no text field with id "${targetId}"`)
    }
    this.$target = $target

    // No button where it could never work (old browser, or a page not served
    // over HTTPS / localhost).
    if (!('geolocation' in navigator) || window.isSecureContext === false) {
      return
    }
    if (!window.matchMedia('(pointer: coarse)').matches) {
      return
    }

    this.$button = document.createElement('button')
    this.$button.type = 'button'
    this.$button.className = 'govuk-button govuk-button--secondary app-use-my-location__button'
    this.$button.textContent = this.$root.getAttribute('data-button-text') || 'Use my location'
    this.$button.setAttribute('aria-controls', targetId)

    const hint = this.$root.getAttribute('data-hint')
    if (hint) {
      this.$hint = document.createElement('p')
      this.$hint.className = 'govuk-hint app-use-my-location__hint'
      this.$hint.id = `${targetId}-location-hint`
      this.$hint.textContent = hint
      this.$button.setAttribute('aria-describedby', this.$hint.id)
    }

    // A live region, present before anything is written into it.
    this.$message = document.createElement('p')
    this.$message.className = 'app-use-my-location__message'
    this.$message.setAttribute('role', 'status')

    if (this.$hint) this.$root.appendChild(this.$hint)
    this.$root.appendChild(this.$button)
    this.$root.appendChild(this.$message)
    this.$root.classList.add('app-use-my-location--enabled')

    this.busy = false
    this.$button.addEventListener('click', () => this.locate())
  }

  locate () {
    if (this.busy) return
    this.busy = true
    this.say(MESSAGES.finding)
    navigator.geolocation.getCurrentPosition(
      (position) => {
        this.busy = false
        this.write(position.coords.latitude, position.coords.longitude)
        this.say(MESSAGES.added)
      },
      (error) => {
        this.busy = false
        if (error.code === 1) this.say(MESSAGES.denied)
        else if (error.code === 3) this.say(MESSAGES.timeout)
        else this.say(MESSAGES.unavailable)
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 }
    )
  }

  write (latitude, longitude) {
    const text = `Latitude, longitude: ${latitude.toFixed(5)}, ${longitude.toFixed(5)} (from my phone)`
    const current = this.$target.value
    let value
    if (LOCATION_TEXT.test(current)) {
      value = current.replace(LOCATION_TEXT, text) // replace an earlier one
    } else if (current.trim()) {
      const separator = this.$target instanceof HTMLTextAreaElement ? '\n' : ' '
      value = current.replace(/\s+$/, '') + separator + text // keep what they typed
    } else {
      value = text
    }
    this.$target.value = value
    // Let the character count (if any) update.
    this.$target.dispatchEvent(new Event('input', { bubbles: true }))
  }

  say (text) {
    this.$message.textContent = text
  }
}

UseMyLocation.moduleName = 'app-use-my-location'
