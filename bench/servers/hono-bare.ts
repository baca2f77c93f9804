/**
 * The floor for any Hono app on Node: one route answering GET /myresource with
 * a short 200 (hono's c.text) on @hono/node-server, no guard, no store, served
 * as raw-fast.ts is (serveForBench). Against raw-fast.ts it measures what the
 * framework and its Node bridge cost by themselves (docs/performance.md, issue 21).
 */
import { createServer } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { serveForBench } from './announce.ts'

const app = new Hono().get('/myresource', (c) => c.text('Got it!'))
serveForBench(createServer(getRequestListener(app.fetch)))
