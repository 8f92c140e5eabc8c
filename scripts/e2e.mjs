// `npm run test:e2e`: only the browser tests.
process.argv[2] = 'e2e'
await import('./test.mjs')
