# Build: compile TypeScript once; run: production dependencies and dist/ only, as an unprivileged user.
# Node 24 is the LTS line with the longest support (to April 2028); Node 20's ended on 2026-04-30. Not built
# on the development machine (no Docker engine): see the README's Docker section.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# package.json denies every dependency install script (docs/OPS.md, "Install scripts"), but an npm older than 11.17
# ignores that: the variable keeps onnxruntime-node's script from downloading CUDA libraries either way
RUN ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY app app
COPY config config
COPY lib lib
COPY models models
COPY services services
COPY workers workers
COPY bench bench
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/package.json package.json
COPY models models
COPY web web
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/app/main.js"]
