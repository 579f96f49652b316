import { door, tenantBearer } from '../http/door.js';
import { tenpayConfirmationRoutes } from './confirmations.js';
import { tenpayErrorHandler } from './errors.js';
import { tenpayUserRoutes } from './users.js';

/**
 * The 10npay onboarding dialect: `/User…` at the server root, answering in 10npay's shapes with
 * ASP.NET Core's error bodies, so code written for 10npay runs against Verity pointed at its URL.
 * Bearer tokens come from `POST /connect/token` (the same endpoint as `POST /token`). Every rule
 * lives in the native services.
 */
export const tenpayDoor = door({
  name: 'tenpay',
  owns: (path) => path.split('/')[1] === 'User',
  // JSON in either media type (10npay's older documents send `application/json-patch+json`); an
  // empty body (e.g. the body-less resend-code) is read as none. Plain text is not JSON here:
  // 415, as ASP.NET answers it.
  bodies: { kind: 'json', types: ['application/json', 'application/json-patch+json'], refuse: ['text/plain'] },
  errors: () => tenpayErrorHandler,
  openApi: { tag: '10npay' },
  sections: [{ auth: tenantBearer, routes: [tenpayUserRoutes, tenpayConfirmationRoutes] }],
});
