import type { ApiService } from '../api/apiService';
import type { DomainHandlers } from '../rpc/handlerTypes';

export interface ApiServices {
  api: ApiService;
}

export function apiHandlers(s: ApiServices) {
  return {
    'api.status': async () => s.api.status(),
    'api.setEnabled': async ({ enabled }) => s.api.setEnabled(enabled),
    'api.rotateKey': async () => s.api.rotateKey(),
    'api.requests': async ({ limit }) => s.api.requests(limit),
  } satisfies DomainHandlers<'api'>;
}
