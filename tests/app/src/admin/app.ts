export default {
  config: {
    // French ships with the plugin; offering it here lets editors switch in their profile.
    locales: ['fr'],
  },
  bootstrap() {},
};
