# syntax=docker/dockerfile:1
# Continuum in one image: the server runs its TypeScript source through tsx (ADR 0001), so the
# image carries the source and the production dependencies; only the console is built, in its own
# stage, with Vite (a dev dependency the running server never loads). See README "Deployment".
ARG NODE_VERSION=22

# The workspace's package manifests: what both installs below start from.
FROM node:${NODE_VERSION}-bookworm-slim AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/cli/package.json packages/cli/
COPY packages/contracts/package.json packages/contracts/
COPY packages/domain/package.json packages/domain/
COPY packages/sdk/package.json packages/sdk/
COPY packages/server/package.json packages/server/
COPY packages/sim/package.json packages/sim/
COPY packages/storage/package.json packages/storage/
COPY packages/web/package.json packages/web/

# The console: every dependency (Vite and its React plugin are dev dependencies), then the build.
FROM manifests AS web
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY packages packages
RUN npm run build:web

# What the server needs at run time: tsx is a production dependency, Vite is not.
FROM manifests AS deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    CONTINUUM_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY package.json package-lock.json LICENSE README.md ./
COPY protocols protocols
COPY packages packages
COPY --from=web /app/packages/web/dist packages/web/dist
# The embedded database's folder (unused on PostgreSQL), owned by the unprivileged `node` user of
# the base image: the server never runs as root.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
# /healthz answers while the process serves; /readyz (database reachable) is for the proxy.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The CLI is the entry point: `docker run IMAGE user add …` runs another command in the same image.
# The server handles SIGTERM itself (closes sockets with 1001, then the database).
ENTRYPOINT ["node", "packages/cli/bin/continuum.mjs"]
CMD ["start"]
