# One image for the API, the worker, the web pages and the migrate job; the command picks which.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web pages' templates and own styles and scripts are read at run time.
COPY --from=build /app/apps/web/views ./apps/web/views
COPY --from=build /app/apps/web/assets ./apps/web/assets
USER node
ENV WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
CMD ["node", "dist/apps/api/src/main.js"]
