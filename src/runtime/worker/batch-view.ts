import type { IdentityView } from '../../core/identity/resolve-identity.ts';
import type { Profile } from '../../core/profiles/profile.ts';

/**
 * The identity index and profiles as one worker batch sees them: what was loaded from the store
 * up front, overlaid with the batch's own writes, so the core reads synchronously.
 */
export class BatchView implements IdentityView {
  readonly profiles = new Map<string, Profile>();
  readonly identities = new Map<string, string>();
  readonly dirtyProfiles = new Set<string>();
  readonly deletedProfiles = new Set<string>();
  readonly changedIdentities = new Set<string>();
  /** Absorbed profile id → survivor id, for timers that still name the absorbed profile. */
  readonly mergedInto = new Map<string, string>();

  profileIdFor(key: string): string | undefined {
    return this.identities.get(key);
  }

  profile(id: string): Profile | undefined {
    return this.profiles.get(id);
  }

  survivorOf(profileId: string): string {
    let id = profileId;
    for (let next = this.mergedInto.get(id); next !== undefined; next = this.mergedInto.get(id)) id = next;
    return id;
  }

  putProfile(profile: Profile): void {
    this.profiles.set(profile.id, profile);
    this.dirtyProfiles.add(profile.id);
    this.deletedProfiles.delete(profile.id);
  }

  deleteProfile(absorbedId: string, survivorId: string): void {
    this.profiles.delete(absorbedId);
    this.dirtyProfiles.delete(absorbedId);
    this.deletedProfiles.add(absorbedId);
    this.mergedInto.set(absorbedId, survivorId);
  }

  pointIdentity(key: string, profileId: string): void {
    this.identities.set(key, profileId);
    this.changedIdentities.add(key);
  }
}
