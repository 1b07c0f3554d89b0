// Signing in through the real sign-in page, as a person would.
import { expect, type Page } from '@playwright/test';

export async function signInThroughPage(page: Page, email: string, password: string, landing: RegExp): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(landing);
}
