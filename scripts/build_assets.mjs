#!/usr/bin/env node
// Build So Safe's front-end assets into app/static/dist/ (git-ignored).
//
//   npm ci && npm run build
//
// 1. empties app/static/dist/ (so a stale or partial build has no manifest.json)
// 2. copies app/static/images/* with fingerprinted names, and writes the web
//    app manifest (site.webmanifest) pointing at them
// 3. compiles one stylesheet per area of the site with Dart Sass (GOV.UK Frontend
//    under our brand): assets/scss/public.scss (pages to read), report.scss (the
//    report and follow-up forms) and staff.scss, each with only the components its
//    pages use. Prunes the GOV.UK
//    footer's crown/crest rules and every override class (`govuk-!-…`) that no
//    template, Python module, content file or script names, then checks the result
//    (no GDS Transport, no font files, no remote URLs)
// 4. bundles assets/js/public.mjs, report.mjs and staff.mjs with esbuild (ES2017, minified,
//    ES module)
// 5. copies axe-core (node_modules/axe-core/axe.min.js) as axe.js, for the editor's
//    accessibility check
// 6. writes a gzip (.gz) and a brotli (.br) copy beside every text file, which nginx
//    serves as they are (gzip_static, brotli_static in deploy/nginx/sosafe.conf)
// 7. writes app/static/dist/manifest.json last, atomically:
//    {"public.css": "public-<8 hex of sha256>.css", "public.js": …, "favicon.ico": …}
//
// Any error: a message on stderr and exit status 1.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const NODE_MODULES = join(ROOT, 'node_modules')
// One stylesheet and one script per area; the page layouts choose theirs (asset_area).
const AREAS = ['public', 'report', 'staff']
const SCSS_DIR = join(ROOT, 'assets', 'scss')
const JS_DIR = join(ROOT, 'assets', 'js')
// Where override classes may be named; a class named nowhere here is never on a page.
const OVERRIDE_SOURCES = [
  [join(ROOT, 'app'), /\.(html|py)$/],
  [join(ROOT, 'content'), /\.md$/],
  [join(ROOT, 'assets', 'js'), /\.mjs$/]
]
const IMAGES_DIR = join(ROOT, 'app', 'static', 'images')
const DIST = join(ROOT, 'app', 'static', 'dist')
const MANIFEST = join(DIST, 'manifest.json')

const BRAND_COLOUR = '#3d2c6e' // keep in step with assets/scss/_settings.scss
const REQUIRED_IMAGES = [
  'favicon.ico',
  'favicon.svg',
  'mask-icon.svg',
  'apple-touch-icon.png',
  'icon-192.png',
  'icon-512.png'
]

// GOV.UK-only footer parts we never show; the Sass cannot leave them out.
const PRUNED_CLASSES = /\.govuk-footer__(?:crown|copyright-logo)(?![\w-])/

class BuildError extends Error {}

/** Logical name `public.css` + content -> `public-1a2b3c4d.css` */
function fingerprint (logicalName, content) {
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 8)
  const ext = extname(logicalName)
  return `${logicalName.slice(0, -ext.length)}-${hash}${ext}`
}

// Files worth compressing; images are compressed already.
const COMPRESSED_TYPES = /\.(css|js|svg|webmanifest|ico)$/

async function emit (manifest, logicalName, content) {
  const name = fingerprint(logicalName, content)
  const path = join(DIST, name)
  await writeFile(path, content)
  if (COMPRESSED_TYPES.test(name)) {
    // Built once at the highest levels, so nginx never compresses these per request.
    await writeFile(`${path}.gz`, gzipSync(content, { level: 9 }))
    await writeFile(`${path}.br`, brotliCompressSync(content, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY }
    }))
  }
  manifest[logicalName] = name
  return name
}

async function loadModules () {
  if (!existsSync(join(NODE_MODULES, 'govuk-frontend', 'package.json'))) {
    throw new BuildError('node_modules/govuk-frontend is missing: run `npm ci` first.')
  }
  const [sass, esbuild] = await Promise.all([import('sass'), import('esbuild')])
  return { sass, esbuild }
}

async function copyImages (manifest) {
  const entries = await readdir(IMAGES_DIR, { withFileTypes: true })
  const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort()
  const missing = REQUIRED_IMAGES.filter((n) => !names.includes(n))
  if (missing.length) {
    throw new BuildError(`missing in app/static/images/: ${missing.join(', ')} (run scripts/make_icons.py)`)
  }
  for (const name of names) {
    await emit(manifest, name, await readFile(join(IMAGES_DIR, name)))
  }
}

async function writeWebManifest (manifest) {
  // Icon paths are relative to the web manifest, which sits beside them.
  // display "browser": we do not invite people to install the site as an app
  // (an app icon on a shared phone could put someone at risk).
  const webManifest = {
    name: 'So Safe Stevenage',
    short_name: 'So Safe',
    start_url: '/',
    display: 'browser',
    theme_color: BRAND_COLOUR,
    background_color: '#ffffff',
    icons: [
      { src: manifest['icon-192.png'], sizes: '192x192', type: 'image/png' },
      { src: manifest['icon-512.png'], sizes: '512x512', type: 'image/png' },
      { src: manifest['favicon.svg'], sizes: 'any', type: 'image/svg+xml' }
    ]
  }
  await emit(manifest, 'site.webmanifest', JSON.stringify(webManifest, null, 2) + '\n')
}

// --- CSS -------------------------------------------------------------------

function compileCss (sass, manifest, entry) {
  const warnings = []
  const result = sass.compile(entry, {
    style: 'compressed',
    quietDeps: true,
    loadPaths: [NODE_MODULES],
    logger: {
      warn (message, { deprecation, span }) {
        const where = span && span.url ? ` (${relative(ROOT, fileURLToPath(span.url))}:${span.start.line + 1})` : ''
        warnings.push(`${deprecation ? 'deprecation' : 'warning'}: ${message}${where}`)
      }
    },
    functions: {
      // Used by assets/scss/_image-url.scss: URL of one of our images,
      // relative to the stylesheet (both live in dist/).
      'app-asset-url($filename)': (args) => {
        const filename = args[0].assertString('filename').text
        if (!manifest[filename]) {
          throw new Error(`the CSS asks for image "${filename}", which is not in app/static/images/`)
        }
        return new sass.SassString(`url("${manifest[filename]}")`, { quotes: false })
      }
    }
  })
  for (const w of warnings) console.warn(`build_assets: sass ${w}`)
  return result.css
}

/**
 * Minimal parser for compressed CSS: rules, nested at-rule blocks and
 * statements. Enough to drop whole rules by selector; checked by round trip.
 */
function parseCss (css) {
  let i = 0
  const NESTED = /^@(?:media|supports|layer|container|document|scope|starting-style)\b/i

  function skipString (quote) {
    i++
    while (i < css.length && css[i] !== quote) {
      if (css[i] === '\\') i++
      i++
    }
    i++
  }

  function readUntil (stops) {
    const start = i
    while (i < css.length && !stops.includes(css[i])) {
      if (css[i] === '"' || css[i] === "'") skipString(css[i])
      else i++
    }
    return css.slice(start, i)
  }

  function parseList () {
    const nodes = []
    while (i < css.length && css[i] !== '}') {
      const prelude = readUntil('{;}')
      if (css[i] === ';') {
        i++
        nodes.push({ type: 'statement', text: prelude + ';' })
      } else if (css[i] === '{') {
        i++
        if (NESTED.test(prelude)) {
          const children = parseList()
          i++ // }
          nodes.push({ type: 'block', prelude, children })
        } else {
          const body = readUntil('}')
          i++ // }
          nodes.push({ type: 'rule', prelude, body })
        }
      } else if (prelude.trim()) {
        throw new BuildError(`cannot parse compiled CSS near: ${prelude.slice(0, 80)}`)
      }
    }
    return nodes
  }

  const nodes = parseList()
  if (i < css.length) throw new BuildError('cannot parse compiled CSS: unbalanced braces')
  return nodes
}

function serialiseCss (nodes) {
  return nodes.map((n) => {
    if (n.type === 'statement') return n.text
    if (n.type === 'block') return `${n.prelude}{${serialiseCss(n.children)}}`
    return `${n.prelude}{${n.body}}`
  }).join('')
}

function splitSelectors (prelude) {
  const parts = []
  let depth = 0
  let start = 0
  for (let i = 0; i < prelude.length; i++) {
    const c = prelude[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (c === ',' && depth === 0) {
      parts.push(prelude.slice(start, i))
      start = i + 1
    }
  }
  parts.push(prelude.slice(start))
  return parts
}

// `.govuk-\\!-margin-bottom-1` in compiled CSS is the class `govuk-!-margin-bottom-1`.
const OVERRIDE_CLASS = /\.govuk-\\!-([a-z0-9-]+)/g

/** Every override class (`govuk-!-…`) named in the site's own sources. */
async function usedOverrideClasses () {
  const used = new Set()
  async function scan (dir, pattern) {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (!['dist', '__pycache__'].includes(entry.name)) await scan(path, pattern)
      } else if (pattern.test(entry.name)) {
        for (const m of (await readFile(path, 'utf8')).matchAll(/govuk-!-([a-z0-9-]+)/g)) used.add(m[1])
      }
    }
  }
  for (const [dir, pattern] of OVERRIDE_SOURCES) await scan(dir, pattern)
  return used
}

/** A selector to drop: the footer's crown, or an override class no source names. */
function unwanted (selector, usedOverrides) {
  if (PRUNED_CLASSES.test(selector)) return true
  return [...selector.matchAll(OVERRIDE_CLASS)].some((m) => !usedOverrides.has(m[1]))
}

function pruneCss (css, usedOverrides) {
  const nodes = parseCss(css)
  if (serialiseCss(nodes) !== css) {
    throw new BuildError('CSS pruner self-check failed (round trip differs): fix scripts/build_assets.mjs')
  }
  function prune (list) {
    const kept = []
    for (const node of list) {
      if (node.type === 'rule' && !node.prelude.startsWith('@')) {
        const selectors = splitSelectors(node.prelude).filter((s) => !unwanted(s, usedOverrides))
        if (selectors.length) kept.push({ ...node, prelude: selectors.join(',') })
      } else if (node.type === 'block') {
        const children = prune(node.children)
        if (children.length) kept.push({ ...node, children })
      } else {
        kept.push(node)
      }
    }
    return kept
  }
  return serialiseCss(prune(nodes))
}

function checkCss (css, manifest) {
  const problems = []
  const forbidden = [
    [/GDS Transport/i, 'the GDS Transport font (GOV.UK only)'],
    [/crown|crest/i, 'the GOV.UK crown or crest'],
    [/@font-face/i, 'a web font (@font-face)'],
    [/\.(?:woff2?|ttf|otf|eot)\b/i, 'a font file']
  ]
  for (const [pattern, what] of forbidden) {
    const m = css.match(pattern)
    if (m) problems.push(`${what}: …${css.slice(Math.max(0, m.index - 60), m.index + 60)}…`)
  }
  // Every url() must be one of the files we emit; nothing remote or absolute.
  const emitted = new Set(Object.values(manifest))
  for (const m of css.matchAll(/url\(\s*(["']?)([^"')]*)\1\s*\)/gi)) {
    const target = m[2]
    if (!target.startsWith('data:') && !emitted.has(target)) {
      problems.push(`url(${target}) is not one of our built files`)
    }
  }
  if (problems.length) {
    throw new BuildError('compiled CSS failed its checks:\n  - ' + problems.join('\n  - '))
  }
}

// --- JS --------------------------------------------------------------------

async function bundleJs (esbuild, entry) {
  const { version } = JSON.parse(readFileSync(join(NODE_MODULES, 'govuk-frontend', 'package.json'), 'utf8'))
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm', // load with <script type="module">
    target: 'es2017',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    banner: { js: `/* So Safe Stevenage. Includes GOV.UK Frontend ${version} (MIT licence). */` },
    write: false,
    logLevel: 'silent'
  })
  for (const w of result.warnings) console.warn(`build_assets: esbuild warning: ${w.text}`)
  return result.outputFiles[0].contents
}

// --- main ------------------------------------------------------------------

async function main () {
  const started = Date.now()
  const { sass, esbuild } = await loadModules()

  // Empty dist/ first: no stale files, and no manifest.json until the end.
  await rm(DIST, { recursive: true, force: true })
  await mkdir(DIST, { recursive: true })

  const manifest = {}
  await copyImages(manifest)
  await writeWebManifest(manifest)

  const usedOverrides = await usedOverrideClasses()
  for (const area of AREAS) {
    const css = pruneCss(compileCss(sass, manifest, join(SCSS_DIR, `${area}.scss`)), usedOverrides)
    checkCss(css, manifest)
    await emit(manifest, `${area}.css`, css)
    await emit(manifest, `${area}.js`, await bundleJs(esbuild, join(JS_DIR, `${area}.mjs`)))
  }

  // axe-core for the editor's accessibility check (assets/js/page-check.mjs), as the
  // package ships it: served from our own origin, loaded only when a preview is shown.
  await emit(manifest, 'axe.js', await readFile(join(NODE_MODULES, 'axe-core', 'axe.min.js')))

  // Atomically, last: its presence means the build finished.
  const sorted = Object.fromEntries(Object.keys(manifest).sort().map((k) => [k, manifest[k]]))
  const tmp = `${MANIFEST}.tmp-${process.pid}`
  await writeFile(tmp, JSON.stringify(sorted, null, 2) + '\n')
  await rename(tmp, MANIFEST)

  for (const [logical, name] of Object.entries(sorted)) {
    const { size } = await stat(join(DIST, name))
    console.log(`${String(size).padStart(8)}  ${relative(ROOT, join(DIST, name))}  (${logical})`)
  }
  console.log(`build_assets: done in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(ROOT, MANIFEST)}`)
}

function describe (error) {
  if (error instanceof BuildError) return error.message
  // Sass: the message already shows the file, line and a code excerpt.
  if (error && typeof error.sassMessage === 'string') return `sass: ${error.message}`
  if (error && Array.isArray(error.errors) && error.errors.length) {
    return 'esbuild: ' + error.errors.map((e) => {
      const at = e.location ? ` (${e.location.file}:${e.location.line}:${e.location.column})` : ''
      return `${e.text}${at}`
    }).join('\n  ')
  }
  return (error && (error.stack || error.message)) || String(error)
}

main().catch((error) => {
  console.error(`build_assets: error: ${describe(error)}`)
  console.error('build_assets: build failed; app/static/dist/ has no manifest.json')
  process.exit(1)
})
