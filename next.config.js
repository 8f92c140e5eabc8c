/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/index.ts) owns /api, /healthz and /yjs; Next serves pages.
  devIndicators: false,
  turbopack: { root: import.meta.dirname },
  // Types are checked once for the whole project by `npm test` (tsc --noEmit), not per build.
  typescript: { ignoreBuildErrors: true },
}

export default nextConfig
