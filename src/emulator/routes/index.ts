/** @module Every emulated WeChat API route; add a new route file here. */
import type { WeChatRoute } from '../pipeline/wechat-route.js';
import { cgiBinClearQuota } from './cgi-bin/clear-quota.js';
import { cgiBinGetApiDomainIp } from './cgi-bin/get-api-domain-ip.js';
import { cgiBinGetcallbackip } from './cgi-bin/getcallbackip.js';
import { cgiBinOpenapiQuotaGet } from './cgi-bin/openapi/quota/get.js';
import { cgiBinStableToken } from './cgi-bin/stable-token.js';
import { cgiBinTicketGetticket } from './cgi-bin/ticket/getticket.js';
import { cgiBinToken } from './cgi-bin/token.js';
import { cgiBinMessageCustomSend } from './cgi-bin/message/custom/send.js';
import { cgiBinMessageTemplateSend } from './cgi-bin/message/template/send.js';
import { cgiBinMessageSubscribeSend } from './cgi-bin/message/subscribe/send.js';
import { cgiBinMessageCustomTyping } from './cgi-bin/message/custom/typing.js';
import { cgiBinTemplateGetAllPrivateTemplate } from './cgi-bin/template/get-all-private-template.js';
import { cgiBinTemplateDelPrivateTemplate } from './cgi-bin/template/del-private-template.js';
import { cgiBinUserInfo } from './cgi-bin/user/info.js';
import { cgiBinUserInfoBatchget } from './cgi-bin/user/info/batchget.js';
import { cgiBinUserInfoUpdateremark } from './cgi-bin/user/info/updateremark.js';
import { cgiBinUserGet } from './cgi-bin/user/get.js';
import { cgiBinMediaUpload } from './cgi-bin/media/upload.js';
import { cgiBinMediaGet } from './cgi-bin/media/get.js';
import { snsJscode2session } from './sns/jscode2session.js';
import { snsOauth2AccessToken } from './sns/oauth2/access-token.js';
import { snsOauth2RefreshToken } from './sns/oauth2/refresh-token.js';
import { snsUserinfo } from './sns/userinfo.js';
import { snsAuth } from './sns/auth.js';
import { wxaBusinessGetuserphonenumber } from './wxa/business/getuserphonenumber.js';
import { tcbDatabasequery } from './tcb/databasequery.js';
import { tcbDatabaseadd } from './tcb/databaseadd.js';
import { tcbDatabaseupdate } from './tcb/databaseupdate.js';
import { tcbDatabasedelete } from './tcb/databasedelete.js';
import { tcbDatabasecount } from './tcb/databasecount.js';
import { tcbDatabaseaggregate } from './tcb/databaseaggregate.js';
import { tcbDatabasecollectionadd } from './tcb/databasecollectionadd.js';
import { tcbDatabasecollectiondelete } from './tcb/databasecollectiondelete.js';
import { tcbDatabasecollectionget } from './tcb/databasecollectionget.js';
import { tcbUploadfile } from './tcb/uploadfile.js';
import { tcbBatchdownloadfile } from './tcb/batchdownloadfile.js';
import { tcbBatchdeletefile } from './tcb/batchdeletefile.js';
import { tcbInvokecloudfunction } from './tcb/invokecloudfunction.js';
import { cgiBinMenuCreate } from './cgi-bin/menu/create.js';
import { cgiBinMenuGet } from './cgi-bin/menu/get.js';
import { cgiBinMenuDelete } from './cgi-bin/menu/delete.js';
import { cgiBinMenuAddconditional } from './cgi-bin/menu/addconditional.js';
import { cgiBinMenuDelconditional } from './cgi-bin/menu/delconditional.js';
import { cgiBinMenuTrymatch } from './cgi-bin/menu/trymatch.js';
import { cgiBinTagsCreate } from './cgi-bin/tags/create.js';
import { cgiBinTagsGet } from './cgi-bin/tags/get.js';
import { cgiBinTagsUpdate } from './cgi-bin/tags/update.js';
import { cgiBinTagsDelete } from './cgi-bin/tags/delete.js';
import { cgiBinTagsGetidlist } from './cgi-bin/tags/getidlist.js';
import { cgiBinTagsMembersBatchtagging } from './cgi-bin/tags/members/batchtagging.js';
import { cgiBinTagsMembersBatchuntagging } from './cgi-bin/tags/members/batchuntagging.js';
import { cgiBinUserTagGet } from './cgi-bin/user/tag/get.js';
import { cgiBinQrcodeCreate } from './cgi-bin/qrcode/create.js';
import { registerCgiBinShowqrcode } from './cgi-bin/showqrcode.js';
import type { FastifyInstance } from 'fastify';
import type { World } from '../world/world.js';

export const WECHAT_ROUTES: readonly WeChatRoute[] = [
  cgiBinToken,
  cgiBinStableToken,
  cgiBinTicketGetticket,
  cgiBinGetcallbackip,
  cgiBinGetApiDomainIp,
  cgiBinOpenapiQuotaGet,
  cgiBinClearQuota,
  tcbDatabasequery,
  tcbDatabaseadd,
  tcbDatabaseupdate,
  tcbDatabasedelete,
  tcbDatabasecount,
  tcbDatabaseaggregate,
  tcbDatabasecollectionadd,
  tcbDatabasecollectiondelete,
  tcbDatabasecollectionget,
  tcbUploadfile,
  tcbBatchdownloadfile,
  tcbBatchdeletefile,
  tcbInvokecloudfunction,
  snsJscode2session,
  snsOauth2AccessToken,
  snsOauth2RefreshToken,
  snsUserinfo,
  snsAuth,
  wxaBusinessGetuserphonenumber,
  cgiBinMessageCustomSend,
  cgiBinMessageTemplateSend,
  cgiBinMessageSubscribeSend,
  cgiBinMenuCreate,
  cgiBinMenuGet,
  cgiBinMenuDelete,
  cgiBinMenuAddconditional,
  cgiBinMenuDelconditional,
  cgiBinMenuTrymatch,
  cgiBinTagsCreate,
  cgiBinTagsGet,
  cgiBinTagsUpdate,
  cgiBinTagsDelete,
  cgiBinTagsGetidlist,
  cgiBinTagsMembersBatchtagging,
  cgiBinTagsMembersBatchuntagging,
  cgiBinUserTagGet,
  cgiBinQrcodeCreate,
  cgiBinMessageCustomTyping,
  cgiBinTemplateGetAllPrivateTemplate,
  cgiBinTemplateDelPrivateTemplate,
  cgiBinUserInfo,
  cgiBinUserInfoBatchget,
  cgiBinUserInfoUpdateremark,
  cgiBinUserGet,
  cgiBinMediaUpload,
  cgiBinMediaGet,
];

/** Routes outside the API pipeline (no access_token, not JSON): e.g. QR images served by mp.weixin.qq.com. */
export const WECHAT_PLAIN_ROUTES: readonly ((app: FastifyInstance, world: World) => void)[] = [
  registerCgiBinShowqrcode,
];

/** Path families of api.weixin.qq.com: unknown paths under them answer 40066 invalid url. */
export const WECHAT_PATH_FAMILIES = ['/cgi-bin', '/sns', '/wxa', '/wxaapi', '/tcb', '/datacube'] as const;
