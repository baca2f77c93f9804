/**
 * A real headless Chromium (Debian's, found in PATH) for the HTML report tests and the docs
 * screenshot: pages open from file:// (or the live dashboard from its 127.0.0.1 origin) with
 * every other request aborted, so a page that needed the network would show it; console errors,
 * page errors and dialogs are collected.
 */
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import type { Test } from './suite.ts'

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/** The first Chromium-family binary in PATH (or CHROMIUM_PATH), or undefined. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.CHROMIUM_PATH, ...(env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((name) => join(dir, name)))]
  return candidates.find((file) => {
    if (!file) return false
    try {
      accessSync(file, constants.X_OK)
      return true
    } catch {
      return false
    }
  })
}

/**
 * A test that needs the browser: without a Chromium it is counted as skipped and prints
 * `SKIP <suite> › <name>: no chromium binary ...` (on a machine with one, as CI, it always runs).
 */
export function browserTest(test: Test, chromiumPath: string | undefined) {
  const missing = chromiumPath ? undefined : 'no chromium binary in PATH (chromium, chromium-browser, google-chrome) or CHROMIUM_PATH'
  return (name: string, fn: () => Promise<void>): void => test.needs(missing, name, fn)
}

export interface OpenedPage {
  page: Page
  /** Console messages of type error or warning, and uncaught page errors. */
  errors: string[]
  /** Dialogs (alert, confirm) the page tried to open: a script that ran. */
  dialogs: string[]
  /** Requests the page may not make (other than file://, or another origin than the served page's): each was aborted. */
  blocked: string[]
  /** Every request the page made, file:// included. */
  requests: string[]
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: ['--no-sandbox'] })
}

/** Opens `file` offline at the given viewport and waits until the page says its charts are drawn. */
export async function openReport(browser: Browser, file: string, viewport = { width: 1366, height: 900 }, media: 'screen' | 'print' = 'screen'): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, offline: true })
  const opened = await watchedPage(context, (url) => url.startsWith('file:'))
  await opened.page.emulateMedia({ media })
  await opened.page.goto(pathToFileURL(file).href)
  await chartsReady(opened.page)
  return opened
}

/**
 * Opens a page served on 127.0.0.1 (the live dashboard): requests to its own origin go through,
 * every other one is aborted and listed in `blocked`.
 */
export async function openServed(browser: Browser, url: string, viewport = { width: 1366, height: 900 }): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport })
  const origin = new URL(url).origin
  const opened = await watchedPage(context, (requested) => new URL(requested).origin === origin)
  await opened.page.goto(url)
  await chartsReady(opened.page)
  return opened
}

/** Resolves once the page's script says its charts are drawn (window.__edgeload.ready). */
export async function chartsReady(page: Page, timeout = 15_000): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __edgeload?: { ready?: boolean } }).__edgeload?.ready === true, null, { timeout })
}

/** A new page in `context` with its console errors, dialogs and requests collected; requests `allowed` refuses are aborted. */
async function watchedPage(context: BrowserContext, allowed: (url: string) => boolean): Promise<OpenedPage> {
  const page = await context.newPage()
  const opened: OpenedPage = { page, errors: [], dialogs: [], blocked: [], requests: [] }
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') opened.errors.push(`console ${message.type()}: ${message.text()}`)
  })
  page.on('pageerror', (error) => opened.errors.push(`page error: ${error.message}`))
  page.on('dialog', (dialog) => {
    opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  page.on('request', (request) => opened.requests.push(request.url()))
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (allowed(url)) return route.continue()
    opened.blocked.push(url)
    return route.abort()
  })
  return opened
}

/** Canvas pixels that are neither transparent nor white, per chart box id: proof a chart was drawn. */
export function inkedPixels(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const result: Record<string, number> = {}
    for (const box of document.querySelectorAll<HTMLElement>('.chart')) {
      let inked = 0
      for (const canvas of box.querySelectorAll('canvas')) {
        // Read a copy, so the page's own canvas is never read back (Chromium warns when it is, often).
        const copy = document.createElement('canvas')
        copy.width = canvas.width
        copy.height = canvas.height
        const context = copy.getContext('2d', { willReadFrequently: true })!
        context.drawImage(canvas, 0, 0)
        const data = context.getImageData(0, 0, canvas.width, canvas.height).data
        for (let i = 0; i < data.length; i += 4) {
          if (data[i + 3]! > 0 && (data[i]! < 240 || data[i + 1]! < 240 || data[i + 2]! < 240)) inked++
        }
      }
      result[box.id] = inked
    }
    return result
  })
}
