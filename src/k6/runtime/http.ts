/**
 * `import http from 'k6/http'` in a k6-shaped module run directly: every request goes out on the
 * running thread's own `http` (vu-scope.ts), so the module-level object behaves per thread as in
 * k6. The requests return promises: await them.
 */
import { expectedStatuses, type ResponseCallback } from '../../load/http/response-callback.ts'
import type { BatchRequest, CookieAccess, Http, HttpResponse, RequestBody, RequestOptions } from '../../load/scenario.ts'
import { currentScope, iterationContext } from './vu-scope.ts'

const on = (what: string): Http => currentScope(`http.${what}()`).http

/** As k6: no body for null, and a plain object is a form (application/x-www-form-urlencoded). */
function k6Body(body: RequestBody): RequestBody {
  if (body === null) return undefined
  if (typeof body === 'object' && !(body instanceof Uint8Array) && !(body instanceof ArrayBuffer)) {
    const proto = Object.getPrototypeOf(body)
    if (proto === Object.prototype || proto === null) return new URLSearchParams(body as Record<string, string>)
  }
  return body
}

export const get = (url: string, params?: RequestOptions): Promise<HttpResponse> => on('get').get(url, params)
export const post = (url: string, body?: RequestBody, params?: RequestOptions): Promise<HttpResponse> => on('post').post(url, k6Body(body), params)
export const put = (url: string, body?: RequestBody, params?: RequestOptions): Promise<HttpResponse> => on('put').put(url, k6Body(body), params)
export const patch = (url: string, body?: RequestBody, params?: RequestOptions): Promise<HttpResponse> => on('patch').patch(url, k6Body(body), params)
export const del = (url: string, body?: RequestBody, params?: RequestOptions): Promise<HttpResponse> => on('del').del(url, k6Body(body), params)
export const head = (url: string, params?: RequestOptions): Promise<HttpResponse> => on('head').head(url, params)
export const options = (url: string, body?: RequestBody, params?: RequestOptions): Promise<HttpResponse> => on('options').options(url, k6Body(body), params)
export const request = (method: string, url: string, body?: RequestBody, params?: RequestOptions): Promise<HttpResponse> => on('request').request(method, url, k6Body(body), params)
export const asyncRequest = request
export const batch = (requests: BatchRequest[]): Promise<HttpResponse[]> => on('batch').batch(requests)
export const cookieJar = (): CookieAccess => iterationContext('http.cookieJar()').cookies

let moduleCallback: ResponseCallback | null | undefined

/** k6's http.setResponseCallback, at the module's top level: the scenario's responseCallback. */
export function setResponseCallback(callback: ResponseCallback | null): void {
  moduleCallback = callback
}

/** What the module set (k6-module.ts puts it on the scenario). */
export function takeResponseCallback(): ResponseCallback | null | undefined {
  const callback = moduleCallback
  moduleCallback = undefined
  return callback
}

export { expectedStatuses }

export default { get, post, put, patch, del, head, options, request, asyncRequest, batch, cookieJar, setResponseCallback, expectedStatuses }
