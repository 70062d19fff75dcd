import sharp from 'sharp';
import { adminApi } from './admin-api';

/** A 1080×1080 JPEG that looks like a post (a warm gradient and a title), so screenshots read well. */
export const makeCoverJpeg = async (title: string) => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#f58529"/><stop offset="0.5" stop-color="#dd2a7b"/><stop offset="1" stop-color="#515bd4"/>
    </linearGradient></defs>
    <rect width="1080" height="1080" fill="url(#g)"/>
    <circle cx="540" cy="470" r="190" fill="none" stroke="#fff" stroke-width="36" opacity="0.9"/>
    <text x="540" y="860" font-family="DejaVu Sans, sans-serif" font-size="72" font-weight="bold" fill="#fff" text-anchor="middle">${title}</text>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
};

/** Uploads a cover through the admin upload route, as the Media Library does. */
export const uploadCover = async (baseUrl: string, token: string, title: string): Promise<{ id: number }> => {
  const form = new FormData();
  const jpeg = await makeCoverJpeg(title);
  const fileName = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.jpg`;
  form.append('fileInfo', JSON.stringify({ name: fileName, alternativeText: `A warm gradient with the words "${title}"` }));
  form.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), fileName);
  const upload = await adminApi(baseUrl, token).post('/upload', form);
  if (upload.status !== 201 && upload.status !== 200) throw new Error(`upload answered ${upload.status}: ${JSON.stringify(upload.body)}`);
  return Array.isArray(upload.body) ? upload.body[0] : upload.body?.data?.[0] ?? upload.body;
};

/** Uploads a cover, then creates a draft article using it (`cover: false`: an article without one). */
export const makeArticle = async (baseUrl: string, token: string, fields: { title: string; excerpt: string; cover?: false }) => {
  const api = adminApi(baseUrl, token);
  const file = fields.cover === false ? null : await uploadCover(baseUrl, token, fields.title);
  const created = await api.post('/content-manager/collection-types/api::article.article?locale=en', {
    title: fields.title,
    excerpt: fields.excerpt,
    cover: file?.id ?? null,
  });
  if (created.status !== 201 && created.status !== 200) throw new Error(`creating the article answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { documentId: created.body.data.documentId as string, coverId: file?.id ?? null };
};
