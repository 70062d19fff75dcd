import { Fail, LeaseLost, Stopping, openRun } from '../../../../server/src/publishing/steps/run';
import { connection, harness, OWNER, publicationIn } from '../harness';

describe('a run of one publication', () => {
  it('extends the lease on every save and clears it on release', async () => {
    // Given a claimed publication
    const bench = harness(publicationIn('processing', {}), {});
    const run = bench.run();
    // When a step saves, then hands it back
    await run.save({ status: 'publishing' });
    const extended = bench.current().leaseUntil!.getTime();
    await run.release({});
    // Then the save kept this instance's lease for another leaseMs, and the release cleared it
    expect(extended).toBeGreaterThan(Date.now() + 60_000);
    expect(bench.current()).toMatchObject({ status: 'publishing', leaseOwner: null, leaseUntil: null });
    expect(run.pub.status).toBe('publishing');
  });

  it('stops at the first write once another instance holds the lease (or it was cancelled)', async () => {
    const bench = harness({ ...publicationIn('processing', {}), leaseOwner: 'instance-b' }, {});
    const run = openRun(bench.context, { ...publicationIn('processing', {}), leaseOwner: OWNER });
    await expect(run.save({ status: 'publishing' })).rejects.toBeInstanceOf(LeaseLost);
    expect(bench.current().status).toBe('processing');
  });

  it('touches nothing once the shutdown grace is over, and starts no Graph call while stopping', async () => {
    const bench = harness(publicationIn('processing', {}), {}, { stopping: true });
    const run = openRun({ ...bench.context, isAbandoned: () => true }, bench.current());
    await expect(run.release({})).rejects.toBeInstanceOf(Stopping);
    expect(bench.store.publications.updateLeased).not.toHaveBeenCalled();
    expect(() => run.beforeCall()).toThrow(Stopping);
  });

  it('records the only active account of an "ask" publication, with its username', async () => {
    // Given a publication queued without an account, and one account connected
    const bench = harness({ ...publicationIn('queued', {}), connectionId: null, accountUsername: null }, {});
    // When the run asks for the account
    const account = await bench.run().account();
    // Then it posts with it, and the row names it for the editor
    expect(account).toEqual({ host: 'instagram', igUserId: '1784', accessToken: 'IGAA-token' });
    expect(bench.current()).toMatchObject({ connectionId: 'c1', accountUsername: 'brand' });
  });

  it('fails an "ask" publication when no account or several are connected, saying what to do', async () => {
    const none = harness({ ...publicationIn('queued', {}), connectionId: null }, {});
    none.store.connections.list.mockResolvedValue([]);
    await expect(none.run().account()).rejects.toMatchObject({ error: { class: 'connection', message: expect.stringMatching(/^No Instagram account is connected/) } });

    const several = harness({ ...publicationIn('queued', {}), connectionId: null }, {});
    several.store.connections.list.mockResolvedValue([connection, { ...connection, id: 'c2' }]);
    await expect(several.run().account()).rejects.toMatchObject({ error: { class: 'connection', message: expect.stringMatching(/^Several Instagram accounts/) } });
  });

  it('fails when the chosen account was disconnected, or needs reconnecting', async () => {
    const gone = harness(publicationIn('queued', {}), {});
    gone.store.connections.findOwned.mockResolvedValue(null);
    const error = await gone.run().account().catch((caught) => caught);
    expect(error).toBeInstanceOf(Fail);
    expect(error.error).toMatchObject({ class: 'connection', message: expect.stringMatching(/no longer connected/) });

    const expired = harness(publicationIn('queued', {}), {});
    expired.store.connections.findOwned.mockResolvedValue({ ...connection, status: 'reconnect_needed' });
    await expect(expired.run().account()).rejects.toMatchObject({ error: { class: 'reauth', message: expect.stringMatching(/@brand needs to be reconnected/) } });
  });

  it('reads the connection once per run', async () => {
    const bench = harness(publicationIn('queued', {}), {});
    const run = bench.run();
    await run.account();
    await run.account();
    expect(bench.store.connections.findOwned).toHaveBeenCalledTimes(1);
    expect(run.connection).toBe(connection);
  });
});
