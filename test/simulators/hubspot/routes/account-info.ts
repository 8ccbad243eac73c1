import { DateTime } from 'luxon';
import type { Route } from '../router.ts';
import type { RouteDeps } from './route-deps.ts';

/**
 * `GET /account-info/v3/details`: the account's settings, of which Pathwise reads the time zone
 * (its daily API limit resets at midnight there). Fields as HubSpot's reference lists them
 * [DOC "Retrieve account details"]; any token of the account may read it.
 */
export function accountInfoRoutes(deps: RouteDeps): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/account-info/v3/details',
      auth: 'bearer',
      handler: () => {
        const offsetMinutes = DateTime.fromMillis(deps.clock.now(), { zone: deps.accountTimeZone }).offset;
        const sign = offsetMinutes < 0 ? '-' : '+';
        const abs = Math.abs(offsetMinutes);
        return {
          status: 200,
          body: {
            portalId: deps.portalId,
            accountType: 'STANDARD',
            timeZone: deps.accountTimeZone,
            companyCurrency: 'USD',
            additionalCurrencies: [],
            utcOffset: `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`,
            utcOffsetMilliseconds: offsetMinutes * 60_000,
            uiDomain: 'app.hubspot.com',
            dataHostingLocation: 'na1',
          },
        };
      },
    },
  ];
}
