import { createConfigStatusService } from './config-status';
import { createStoreService } from './store';
import { createUrlsService } from './urls';

export default {
  store: createStoreService,
  urls: createUrlsService,
  configStatus: createConfigStatusService,
};
