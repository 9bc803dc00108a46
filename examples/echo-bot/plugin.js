// A wegate plugin: a keyword reply for the Official Account `oa` and one route behind requireUser.
// Run it: WEGATE_PLUGINS=./examples/echo-bot/plugin.js npm start
import { definePlugin, ok, replyText } from 'wegate/server';

export default definePlugin({
  name: 'echo-bot',
  callbacks: {
    oa: (router) => {
      router.onKeyword('ping', (message) => replyText(message, 'pong from echo-bot'));
      router.onKeyword(/^shout /, (message) => replyText(message, message.Content.slice(6).toUpperCase()));
    },
  },
  register(app, ctx) {
    // 401 in wegate's envelope without a valid bearer token from /api/auth/login.
    app.get('/api/echo-bot/me', { preHandler: ctx.requireUser }, async (request) =>
      ok({ plugin: ctx.name, openid: request.user.openid }),
    );
  },
});
