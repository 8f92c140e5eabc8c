/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server/index.ts) owns /api, /healthz and /yjs; Next serves pages.
  devIndicators: false,
  turbopack: { root: import.meta.dirname },
  // The pages' server rendering imports the custom server's own Yjs instead of a bundled copy:
  // two copies in one process break Yjs's constructor checks, and it warned so at every start.
  serverExternalPackages: ['yjs'],
  // Types are checked once for the whole project by `npm test` (tsc --noEmit), not per build.
  typescript: { ignoreBuildErrors: true },
}

export default nextConfig
