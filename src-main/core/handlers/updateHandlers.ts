import type { DomainHandlers } from '../rpc/handlerTypes';
import type { UpdateService } from '../updates/updateService';

export interface UpdateServices {
  updates: UpdateService;
}

export function updateHandlers(s: UpdateServices) {
  return {
    'updates.status': async () => s.updates.status(),
    'updates.check': async () => s.updates.check(),
    'updates.download': async () => s.updates.download(),
    'updates.cancel': async () => s.updates.cancel(),
    'updates.restart': async () => s.updates.restart(),
  } satisfies DomainHandlers<'updates'>;
}
