/** Japanese names of every writable Smaregi v2 Customer field; the one place they are mapped. */
export const CUSTOMER_FIELDS = {
  customerId: "会員ID",
  customerCode: "会員コード",
  customerNo: "会員番号",
  rank: "会員ランク",
  staffRank: "社員ランク",
  lastName: "姓",
  firstName: "名",
  lastKana: "セイ",
  firstKana: "メイ",
  postCode: "郵便番号",
  address: "住所",
  phoneNumber: "電話番号",
  faxNumber: "FAX番号",
  mobileNumber: "携帯電話番号",
  mailAddress: "メールアドレス",
  mailAddress2: "メールアドレス2",
  mailAddress3: "メールアドレス3",
  companyName: "会社名",
  departmentName: "部署名",
  managerialPosition: "役職",
  sex: "性別",
  birthDate: "生年月日",
  point: "ポイント",
  pointExpireDate: "ポイント有効期限",
  mile: "マイル",
  entryDate: "入会日",
  leaveDate: "退会日",
  lastComeDateTime: "最終来店日時",
  pointGivingUnitPrice: "ポイント付与単位価格",
  pointGivingUnit: "ポイント付与単位",
  mailReceiveFlag: "案内メール受取",
  note: "備考",
  note2: "備考2",
  status: "会員状態",
  storeId: "所属店舗ID",
  passportNo: "パスポート番号",
  nationality: "国籍",
  alphabetName: "アルファベット氏名",
  pinCode: "PINコード",
  favoriteList: "お気に入りリスト",
  browsingList: "閲覧リスト",
} as const

export type CustomerField = keyof typeof CUSTOMER_FIELDS

export const CUSTOMER_FIELD_NAMES = Object.keys(CUSTOMER_FIELDS) as CustomerField[]

/** Returned by customer_ref but never sent in customer_upd. */
export const CUSTOMER_READ_ONLY_FIELDS = { insDateTime: "登録日時", updDateTime: "更新日時" } as const

export type CustomerRow = { customerId: string } & { [K in Exclude<CustomerField, "customerId">]?: string }

export const SEX_CODES = { unknown: "0", male: "1", female: "2" } as const
export const CUSTOMER_STATUS = { active: "0", suspended: "1", lost: "2", withdrawn: "3", merged: "4" } as const
